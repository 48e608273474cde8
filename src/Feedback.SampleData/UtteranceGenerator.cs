// Over 300 lines on purpose: the phrasing templates of all nine dialogue acts live together, so the generated
// language can be read and changed in one place; each act has its own method.
using System.Text;
using Feedback.Core.FineTuning;
using Feedback.Core.Mr;

namespace Feedback.SampleData;

/// <summary>
/// Makes labelled feedback utterances: an MR drawn from the catalogue and the act's rules, and a sentence a
/// player could have written for it, composed from many phrasings per act and per value, with the noise of
/// chat (typos, slang, emoji, casing). Deterministic for a given <see cref="Random"/> seed.
/// </summary>
public sealed class UtteranceGenerator
{
    private static readonly SlotName[] Booleans = [SlotName.AvailableOnSteam, SlotName.HasLinuxRelease, SlotName.HasMacRelease];
    private readonly Random _random;

    /// <summary>Creates a generator drawing from <paramref name="random"/>.</summary>
    public UtteranceGenerator(Random random) => _random = random ?? throw new ArgumentNullException(nameof(random));

    /// <summary>How often noise is added to an utterance (0..1). Default 0.35.</summary>
    public double NoiseRate { get; init; } = 0.35;

    /// <summary>Makes one utterance of the given act, with its canonical MR.</summary>
    public LabelledText Next(DialogueAct act)
    {
        var (text, slots) = act switch
        {
            DialogueAct.Inform => Inform(),
            DialogueAct.GiveOpinion => Opinion(),
            DialogueAct.VerifyAttribute => Verify(),
            DialogueAct.Request => Request(),
            DialogueAct.RequestExplanation => Explanation(),
            DialogueAct.Recommend => Recommend(),
            DialogueAct.Suggest => Suggest(),
            DialogueAct.Confirm => Confirm(),
            DialogueAct.RequestAttribute => RequestAttribute(),
            _ => throw new ArgumentOutOfRangeException(nameof(act), act, null),
        };
        var mr = MrCanonicalizer.Canonicalize(new MeaningRepresentation(act, slots));
        var violations = MrValidator.Validate(mr);
        if (violations.Count > 0) throw new InvalidOperationException($"generator made an invalid MR {mr}: {string.Join("; ", violations)}");
        return new LabelledText(AddNoise(text, mr), mr.Format());
    }

    /// <summary>Draws a dialogue act with the shares of the ViGGO corpus.</summary>
    public DialogueAct NextAct()
    {
        var roll = _random.NextDouble() * 100;
        (DialogueAct Act, double Share)[] shares =
        [
            (DialogueAct.Inform, 43), (DialogueAct.GiveOpinion, 11), (DialogueAct.VerifyAttribute, 11),
            (DialogueAct.Request, 6.5), (DialogueAct.RequestExplanation, 6.5), (DialogueAct.Recommend, 6.5),
            (DialogueAct.Suggest, 6.5), (DialogueAct.Confirm, 6.5), (DialogueAct.RequestAttribute, 2),
        ];
        foreach (var (act, share) in shares)
        {
            if (roll < share) return act;
            roll -= share;
        }
        return DialogueAct.Inform;
    }

    // ---------- acts ----------

    private (string, List<Slot>) Inform()
    {
        var game = PickFrom(GameCatalogue.Games);
        var slots = new List<Slot> { Fact(game, SlotName.Name), Fact(game, SlotName.Genres) };
        var candidates = new List<SlotName>
        {
            game.ReleaseYear is null ? SlotName.ExpReleaseDate : SlotName.ReleaseYear,
            SlotName.Developer, SlotName.Esrb, SlotName.Rating, SlotName.PlayerPerspective, SlotName.HasMultiplayer,
            SlotName.Platforms, SlotName.AvailableOnSteam, SlotName.HasLinuxRelease, SlotName.HasMacRelease,
        };
        var extra = Pick([1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 5, 6]);
        var chosen = Shuffle(candidates).Take(extra).ToList();
        var rating = PickFrom(ViggoOntology.RatingValues);
        foreach (var slot in chosen) slots.Add(slot == SlotName.Rating ? new Slot(SlotName.Rating, rating) : Fact(game, slot));

        // The lead sentence names the game and its genres; some facts ride along in it.
        var adjectives = new List<string>();
        if (chosen.Remove(SlotName.Rating)) adjectives.Add(Pick(Phrasebook.RatingAttributive[rating]));
        if (chosen.Contains(SlotName.PlayerPerspective) && Chance(0.6))
        {
            chosen.Remove(SlotName.PlayerPerspective);
            adjectives.Add(PerspectivePhrase(game));
        }
        var noun = $"{string.Join(" ", adjectives.Append(GenrePhrase(game)))} {Pick("game", "game", "title", "one")}";
        var attached = new List<string>();
        foreach (var slot in Shuffle(chosen.Where(s => s is SlotName.ReleaseYear or SlotName.Developer or SlotName.Platforms or SlotName.Esrb or SlotName.ExpReleaseDate)).Take(Pick(0, 1, 2)))
        {
            chosen.Remove(slot);
            attached.Add(Participle(game, slot));
        }
        var lead = Pick(
            $"{game.Name} is {A(noun)}{Join(attached)}.",
            $"{game.Name} is {A(noun)}{Join(attached)}.",
            $"{Capital(A(noun))}{Join(attached)}, {game.Name} is worth knowing about.",
            $"Let me tell you about {game.Name}: it's {A(noun)}{Join(attached)}.",
            $"So {game.Name} is basically {A(noun)}{Join(attached)}.",
            $"{game.Name}? It's {A(noun)}{Join(attached)}.",
            $"If you haven't heard of {game.Name}, it's {A(noun)}{Join(attached)}.");

        var sentences = new List<string>();
        var booleans = chosen.Where(Booleans.Contains).ToList();
        chosen.RemoveAll(Booleans.Contains);
        foreach (var slot in chosen) sentences.Add(Sentence(game, slot));
        if (booleans.Count > 0) sentences.Add(StoreSentence(game, booleans));
        return (string.Join(" ", new[] { lead }.Concat(Shuffle(sentences))), slots);
    }

    private (string, List<Slot>) Opinion()
    {
        var game = PickFrom(GameCatalogue.Games.Where(g => g.ReleaseYear is not null));
        var rating = PickFrom(ViggoOntology.RatingValues);
        var reasons = Shuffle(new[] { SlotName.Genres, SlotName.PlayerPerspective, SlotName.HasMultiplayer, SlotName.Platforms, SlotName.Developer, SlotName.ReleaseYear, SlotName.Esrb, SlotName.AvailableOnSteam })
            .Take(Pick(1, 1, 2)).ToList();
        var slots = new List<Slot> { Fact(game, SlotName.Name), new(SlotName.Rating, rating) };
        slots.AddRange(reasons.Select(r => Fact(game, r)));
        var judged = Pick(Phrasebook.RatingPredicative[rating]);
        var because = string.Join(" and ", reasons.Select(r => Reason(game, r, rating)));
        var text = Pick(
            $"I think {game.Name} is {judged}, mostly {because}.",
            $"{game.Name} is {judged} {because}.",
            $"Honestly {game.Name} was {judged}, {because}.",
            $"In my opinion {game.Name} is {judged}, {because}.",
            $"Just finished {game.Name}. {Capital(judged)}, {because}.",
            $"My take: {game.Name} is {judged} {because}.",
            $"{game.Name} {Pick("really", "honestly", "kind of", "definitely")} felt {judged} to me, {because}.",
            $"Gotta say {game.Name} is {judged}, {because}.");
        return (text, slots);
    }

    private (string, List<Slot>) Verify()
    {
        var game = PickFrom(GameCatalogue.Games.Where(g => g.ReleaseYear is not null));
        var rating = PickFrom(ViggoOntology.RatingValues);
        var asked = Shuffle(new[] { SlotName.Genres, SlotName.PlayerPerspective, SlotName.HasMultiplayer, SlotName.Platforms, SlotName.Developer, SlotName.ReleaseYear, SlotName.Esrb, SlotName.HasMacRelease, SlotName.HasLinuxRelease })
            .Take(Pick(1, 1, 2)).ToList();
        var slots = new List<Slot> { Fact(game, SlotName.Name), new(SlotName.Rating, rating) };
        slots.AddRange(asked.Select(a => Fact(game, a)));
        var feeling = string.Format(System.Globalization.CultureInfo.InvariantCulture, Pick(Phrasebook.RatingFeeling[rating]), game.Name);
        var kind = KindOfGames(game, asked);
        var text = Pick(
            $"You said you {feeling}. Do you {Pick("usually", "generally", "often", "")} enjoy {kind}?",
            $"You mentioned that you {feeling} - are you into {kind} in general?",
            $"Since you {feeling}, is it fair to say you like {kind}?",
            $"So you {feeling}... do {kind} appeal to you?",
            $"Earlier you said you {feeling}. Is that because you're a fan of {kind}?",
            $"Wait, you {feeling}? Do you play a lot of {kind}?");
        return (text.Replace("  ", " ", StringComparison.Ordinal), slots);
    }

    private (string, List<Slot>) Request()
    {
        var specifier = Pick(Phrasebook.Specifiers);
        var slots = new List<Slot> { new(SlotName.Specifier, specifier) };
        var game = PickFrom(GameCatalogue.Games.Where(g => g.ReleaseYear is not null));
        var extra = Pick<SlotName?>(null, null, SlotName.ReleaseYear, SlotName.Genres, SlotName.PlayerPerspective, SlotName.Platforms, SlotName.HasMultiplayer, SlotName.Esrb);
        string text;
        switch (extra)
        {
            case SlotName.ReleaseYear:
                slots.Add(Fact(game, SlotName.ReleaseYear));
                text = Pick(
                    $"Were there even any {specifier} games in {game.ReleaseYear}?",
                    $"What's the most {specifier} game that came out in {game.ReleaseYear}?",
                    $"Which {game.ReleaseYear} game would you call the most {specifier}?",
                    $"Name a {specifier} game from {game.ReleaseYear}, I dare you.");
                break;
            case SlotName.Genres:
            {
                var genre = PickFrom(ViggoOntology.Genres);
                slots.Add(new Slot(SlotName.Genres, genre));
                var word = Pick(Phrasebook.Genre[genre]);
                text = Pick(
                    $"What is the most {specifier} {word} game you've ever played?",
                    $"Any {specifier} {word} games you'd point me to?",
                    $"Which {word} game do you think is the most {specifier}?",
                    $"Is there a {word} game out there that's actually {specifier}?");
                break;
            }
            case SlotName.PlayerPerspective:
            {
                var perspective = PickFrom(ViggoOntology.PlayerPerspectives);
                slots.Add(new Slot(SlotName.PlayerPerspective, perspective));
                var word = Pick(Phrasebook.Perspective[perspective]);
                text = Pick(
                    $"What's the most {specifier} {word} game you know?",
                    $"Which {word} game have you found most {specifier}?",
                    $"Got a favorite {specifier} {word} game?");
                break;
            }
            case SlotName.Platforms:
            {
                var platform = PickFrom(ViggoOntology.Platforms);
                slots.Add(new Slot(SlotName.Platforms, platform));
                var word = Pick(Phrasebook.Platform[platform]);
                text = Pick(
                    $"What's the most {specifier} game on {word}?",
                    $"Which {word} game would you say is the most {specifier}?",
                    $"Is there any {specifier} game for {word} you'd recommend?");
                break;
            }
            case SlotName.HasMultiplayer:
            {
                var yes = Chance(0.6);
                slots.Add(new Slot(SlotName.HasMultiplayer, yes ? "yes" : "no"));
                text = yes
                    ? Pick($"What's the most {specifier} multiplayer game you've played?", $"Which {specifier} game is best to play with friends?", $"Know any {specifier} co-op games?")
                    : Pick($"What's the most {specifier} single-player game you know?", $"Which {specifier} game do you play alone?", $"Any {specifier} games without multiplayer?");
                break;
            }
            case SlotName.Esrb:
            {
                var esrb = PickFrom(ViggoOntology.EsrbValues);
                slots.Add(new Slot(SlotName.Esrb, esrb));
                var word = Pick(Phrasebook.Esrb[esrb]);
                text = Pick(
                    $"What's the most {specifier} game rated {word} you've played?",
                    $"Can you think of a {specifier} game that's rated {word}?");
                break;
            }
            default:
                text = Pick(
                    $"What is the most {specifier} game you have ever played?",
                    $"What's a really {specifier} game in your opinion?",
                    $"Which game would you call the most {specifier} of all time?",
                    $"Tell me the most {specifier} game you can think of.",
                    $"Has any game felt truly {specifier} to you?",
                    $"What game do people call {specifier} that you'd agree with?");
                break;
        }
        return (text, slots);
    }

    private (string, List<Slot>) Explanation()
    {
        var rating = PickFrom(ViggoOntology.RatingValues);
        var adjective = Pick(Phrasebook.RatingAttributive[rating]);
        var game = PickFrom(GameCatalogue.Games.Where(g => g.ReleaseYear is not null));
        var about = Shuffle(new[] { SlotName.ReleaseYear, SlotName.Genres, SlotName.PlayerPerspective, SlotName.Platforms, SlotName.HasMultiplayer, SlotName.Developer })
            .Take(Pick(1, 1, 1, 2)).ToList();
        var slots = new List<Slot> { new(SlotName.Rating, rating) };
        var subject = new StringBuilder();
        string? year = null;
        foreach (var a in about)
        {
            switch (a)
            {
                case SlotName.ReleaseYear: year = game.ReleaseYear; slots.Add(Fact(game, a)); break;
                case SlotName.Genres:
                {
                    var genre = PickFrom(ViggoOntology.Genres);
                    slots.Add(new Slot(SlotName.Genres, genre));
                    subject.Append(Pick(Phrasebook.Genre[genre])).Append(' ');
                    break;
                }
                case SlotName.PlayerPerspective:
                {
                    var perspective = PickFrom(ViggoOntology.PlayerPerspectives);
                    slots.Add(new Slot(SlotName.PlayerPerspective, perspective));
                    subject.Insert(0, Pick(Phrasebook.Perspective[perspective]) + " ");
                    break;
                }
                case SlotName.HasMultiplayer:
                {
                    var yes = Chance(0.5);
                    slots.Add(new Slot(SlotName.HasMultiplayer, yes ? "yes" : "no"));
                    subject.Insert(0, (yes ? Pick("multiplayer", "online", "co-op") : Pick("single-player", "solo")) + " ");
                    break;
                }
                case SlotName.Platforms:
                {
                    var platform = PickFrom(ViggoOntology.Platforms);
                    slots.Add(new Slot(SlotName.Platforms, platform));
                    subject.Insert(0, Pick(Phrasebook.Platform[platform]).Replace("the ", "", StringComparison.Ordinal) + " ");
                    break;
                }
                case SlotName.Developer:
                    slots.Add(Fact(game, a));
                    subject.Insert(0, game.Developer + " ");
                    break;
                default: break;
            }
        }
        var games = $"{subject}games".Trim();
        var text = year is null
            ? Pick(
                $"What makes you think {games} are so {adjective}?",
                $"Why do you find {games} {adjective}?",
                $"What is it about {games} that you find {adjective}?",
                $"Can you explain why {games} seem {adjective} to you?",
                $"How come you think {games} are {adjective}?")
            : Pick(
                $"What is it about {games} released in {year} that makes you think it's such {A(adjective)} year for video games?",
                $"Why do you think {year} was {A(adjective)} year for {games}?",
                $"What made {year} {A(adjective)} year for {games} in your eyes?",
                $"Why are {games} from {year} so {adjective} to you?");
        return (text, slots);
    }

    private (string, List<Slot>) Recommend()
    {
        var game = PickFrom(GameCatalogue.Games.Where(g => g.ReleaseYear is not null));
        var extras = Shuffle(new[] { SlotName.Genres, SlotName.PlayerPerspective, SlotName.Developer, SlotName.Platforms, SlotName.HasMultiplayer, SlotName.ReleaseYear, SlotName.AvailableOnSteam })
            .Take(Pick(1, 1, 2)).ToList();
        var slots = new List<Slot> { Fact(game, SlotName.Name) };
        slots.AddRange(extras.Select(e => Fact(game, e)));
        var kind = KindOfGames(game, extras);
        var text = Pick(
            $"If you like {kind}, you should check out {game.Name}.",
            $"You should try {game.Name} if you're into {kind}.",
            $"I'd recommend {game.Name} to anyone who enjoys {kind}.",
            $"Fans of {kind} should definitely play {game.Name}.",
            $"Do yourself a favor and pick up {game.Name} if {kind} are your thing.",
            $"Into {kind}? Then {game.Name} is for you.");
        return (text, slots);
    }

    private (string, List<Slot>) Suggest()
    {
        var game = PickFrom(GameCatalogue.Games.Where(g => g.ReleaseYear is not null));
        var extras = Shuffle(new[] { SlotName.Genres, SlotName.PlayerPerspective, SlotName.Platforms, SlotName.HasMultiplayer, SlotName.ReleaseYear, SlotName.Developer, SlotName.HasMacRelease })
            .Take(Pick(1, 1, 2)).ToList();
        var slots = new List<Slot> { Fact(game, SlotName.Name) };
        slots.AddRange(extras.Select(e => Fact(game, e)));
        var kind = KindOfGames(game, extras);
        var text = Pick(
            $"Do you also enjoy {kind} like {game.Name}?",
            $"Have you ever tried {kind} such as {game.Name}?",
            $"Are {kind} like {game.Name} something you'd play?",
            $"What do you think of {kind}, {game.Name} for example?",
            $"Ever played {game.Name}? Do you like {kind} like that?",
            $"How about {kind}, say {game.Name}?");
        return (text, slots);
    }

    private (string, List<Slot>) Confirm()
    {
        var game = PickFrom(GameCatalogue.Games);
        var options = new List<SlotName> { SlotName.Developer, SlotName.Platforms, SlotName.Genres, SlotName.PlayerPerspective, SlotName.HasMultiplayer };
        options.Add(game.ReleaseYear is null ? SlotName.ExpReleaseDate : SlotName.ReleaseYear);
        if (game.ReleaseYear is null) options.Add(SlotName.ExpReleaseDate);
        var extras = Shuffle(options).Distinct().Take(Pick(1, 1, 2)).ToList();
        var slots = new List<Slot> { Fact(game, SlotName.Name) };
        slots.AddRange(extras.Select(e => Fact(game, e)));
        var description = string.Join(" ", extras.Select(e => Participle(game, e)).Select(p => p.TrimStart(',', ' ')));
        var text = Pick(
            $"Oh, do you mean {game.Name}, the one {description}?",
            $"Are you talking about {game.Name} {description}?",
            $"Just to be sure, {game.Name} - the game {description}?",
            $"Wait, is that {game.Name}, {description}?",
            $"You mean {game.Name}? The game {description}, right?");
        return (text, slots);
    }

    private (string, List<Slot>) RequestAttribute()
    {
        (SlotName Slot, string[] Questions)[] table =
        [
            (SlotName.Genres, ["What kind of games do you like?", "What's your favorite genre?", "Which genres do you usually play?", "What type of games are you into?"]),
            (SlotName.PlayerPerspective, ["Do you prefer first-person or third-person games?", "What perspective do you like to play from?", "Top-down, side-scrolling or first-person - what do you prefer?"]),
            (SlotName.Platforms, ["What do you usually play on?", "Which console do you game on?", "What platform do you play games on?"]),
            (SlotName.HasMultiplayer, ["Do you like playing with other people?", "Are multiplayer games your thing?", "Do you play online with friends or solo?"]),
            (SlotName.ReleaseYear, ["Do you prefer older or newer games?", "Which era of gaming do you like most?", "Are you more into recent releases or classics?"]),
            (SlotName.Developer, ["Is there a studio whose games you always buy?", "Who's your favorite game developer?", "Which developers do you trust the most?"]),
            (SlotName.Esrb, ["Do age ratings matter to you when picking games?", "Do you care what the ESRB rating of a game is?"]),
            (SlotName.AvailableOnSteam, ["Do you buy your games on Steam?", "Is Steam where you get most of your games?"]),
            (SlotName.HasLinuxRelease, ["Do you game on Linux?", "Does a game need a Linux version for you to play it?"]),
            (SlotName.HasMacRelease, ["Do you play games on a Mac?", "Is a Mac release important to you?"]),
        ];
        var (slot, questions) = Pick(table);
        return (Pick(questions), [new Slot(slot, string.Empty)]);
    }

    // ---------- phrases ----------

    private static Slot Fact(Game game, SlotName slot) =>
        new(slot, game.Fact(slot) ?? throw new InvalidOperationException($"{game.Name} has no {slot}"));

    private string GenrePhrase(Game game) => ListPhrase(game.Genres.Select(g => Pick(Phrasebook.Genre[g])).ToList(), " ");

    private string PerspectivePhrase(Game game) => ListPhrase(game.Perspectives.Select(p => Pick(Phrasebook.Perspective[p])).ToList(), "/");

    private string PlatformPhrase(Game game) => ListPhrase(game.Platforms.Select(p => Pick(Phrasebook.Platform[p])).ToList(), null);

    private string ListPhrase(List<string> items, string? pairJoiner)
    {
        if (items.Count == 1) return items[0];
        if (items.Count == 2 && pairJoiner is not null && Chance(0.5)) return $"{items[0]}{pairJoiner}{items[1]}";
        return $"{string.Join(", ", items.Take(items.Count - 1))}{Pick(" and ", " and ", ", ", " & ")}{items[^1]}";
    }

    private string Participle(Game game, SlotName slot) => slot switch
    {
        SlotName.ReleaseYear => Pick($" released in {game.ReleaseYear}", $" from {game.ReleaseYear}", $" that came out in {game.ReleaseYear}", $" back from {game.ReleaseYear}"),
        SlotName.ExpReleaseDate => game.ExpectedRelease!.Length == 4
            ? Pick($" coming out in {game.ExpectedRelease}", $" due in {game.ExpectedRelease}", $" expected in {game.ExpectedRelease}")
            : Pick($" coming out on {game.ExpectedRelease}", $" releasing {game.ExpectedRelease}", $" set for {game.ExpectedRelease}"),
        SlotName.Developer => Pick($" by {game.Developer}", $" developed by {game.Developer}", $" made by {game.Developer}", $" from {game.Developer}"),
        SlotName.Platforms => Pick($" for {PlatformPhrase(game)}", $" on {PlatformPhrase(game)}", $" out on {PlatformPhrase(game)}"),
        SlotName.Esrb => Pick($", rated {Pick(Phrasebook.Esrb[game.Esrb])},", $" rated {Pick(Phrasebook.Esrb[game.Esrb])}"),
        SlotName.Genres => Pick($" that's {A(GenrePhrase(game))} game", $" that's {A(GenrePhrase(game))} title"),
        SlotName.PlayerPerspective => Pick($" played in {PerspectivePhrase(game)}", $" with the {PerspectivePhrase(game)} view"),
        SlotName.HasMultiplayer => game.Multiplayer ? Pick(" with multiplayer", " that has co-op", " you can play online") : Pick(" that's single-player only", " without multiplayer"),
        _ => string.Empty,
    };

    private string Sentence(Game game, SlotName slot) => slot switch
    {
        SlotName.ReleaseYear => Pick($"It came out in {game.ReleaseYear}.", $"It was released in {game.ReleaseYear}.", $"It dropped back in {game.ReleaseYear}.", $"Release year was {game.ReleaseYear}."),
        SlotName.ExpReleaseDate => game.ExpectedRelease!.Length == 4
            ? Pick($"It's expected to release in {game.ExpectedRelease}.", $"It should be out in {game.ExpectedRelease}.")
            : Pick($"It's set to release on {game.ExpectedRelease}.", $"The release date is {game.ExpectedRelease}."),
        SlotName.Developer => Pick($"It was developed by {game.Developer}.", $"{game.Developer} made it.", $"The developer is {game.Developer}.", $"It's from {game.Developer}."),
        SlotName.Esrb => Pick($"It's rated {Pick(Phrasebook.Esrb[game.Esrb])}.", $"The ESRB rating is {Pick(Phrasebook.Esrb[game.Esrb])}.", $"It carries an ESRB rating of {Pick(Phrasebook.Esrb[game.Esrb])}."),
        SlotName.PlayerPerspective => Pick($"You play it from a {PerspectivePhrase(game)} perspective.", $"It's played in {PerspectivePhrase(game)}.", $"The camera is {PerspectivePhrase(game)}."),
        SlotName.HasMultiplayer => game.Multiplayer
            ? Pick("It has multiplayer.", "You can play it with friends online.", "It supports multiplayer.", "There's a multiplayer mode too.")
            : Pick("It's single-player only.", "There's no multiplayer.", "It doesn't support multiplayer.", "It's a solo experience, no multiplayer."),
        SlotName.Platforms => Pick($"It's available on {PlatformPhrase(game)}.", $"You can play it on {PlatformPhrase(game)}.", $"It's out for {PlatformPhrase(game)}."),
        _ => string.Empty,
    };

    private string StoreSentence(Game game, List<SlotName> booleans)
    {
        static string Where(SlotName s) => s switch
        {
            SlotName.AvailableOnSteam => "Steam",
            SlotName.HasLinuxRelease => "Linux",
            _ => "Mac",
        };
        bool Value(SlotName s) => s switch
        {
            SlotName.AvailableOnSteam => game.Steam,
            SlotName.HasLinuxRelease => game.Linux,
            _ => game.Mac,
        };
        var ordered = Booleans.Where(booleans.Contains).ToList();
        var yes = ordered.Where(Value).Select(Where).ToList();
        var no = ordered.Where(s => !Value(s)).Select(Where).ToList();
        static string List(List<string> items, string last) =>
            items.Count == 1 ? items[0] : $"{string.Join(", ", items.Take(items.Count - 1))}{last}{items[^1]}";
        var parts = new List<string>();
        if (yes.Count > 0) parts.Add(Pick($"it's available on {List(yes, " and ")}", $"you can get it on {List(yes, " and ")}", $"it runs on {List(yes, " and ")}"));
        if (no.Count > 0) parts.Add(Pick($"it's not available on {List(no, " or ")}", $"there's no {List(no, " or ")} version", $"it isn't on {List(no, " or ")}"));
        return Capital(string.Join(Pick(", but ", " and ", "; "), parts)) + ".";
    }

    private string Reason(Game game, SlotName slot, string rating)
    {
        var positive = rating is "excellent" or "good";
        return slot switch
        {
            SlotName.Genres => Pick($"as {A(GenrePhrase(game))} game", $"for {A(GenrePhrase(game))} title", $"because of the {GenrePhrase(game)} gameplay"),
            SlotName.PlayerPerspective => Pick($"because of the {PerspectivePhrase(game)} view", $"playing it in {PerspectivePhrase(game)}", $"thanks to the {PerspectivePhrase(game)} camera"),
            SlotName.HasMultiplayer => game.Multiplayer
                ? Pick("because of the multiplayer", "especially with friends online", "mainly for the multiplayer")
                : Pick("even without multiplayer", "as a single-player game", "given there's no multiplayer"),
            SlotName.Platforms => Pick($"on {PlatformPhrase(game)}", $"playing on {PlatformPhrase(game)}"),
            SlotName.Developer => positive
                ? Pick($"because {game.Developer} really did a great job", $"which is typical of {game.Developer}", $"and {game.Developer} nailed it")
                : Pick($"and {game.Developer} dropped the ball", $"which is unusual for {game.Developer}", $"so {game.Developer} should do better"),
            SlotName.ReleaseYear => Pick($"for a {game.ReleaseYear} game", $"for something from {game.ReleaseYear}", $"considering it came out in {game.ReleaseYear}"),
            SlotName.Esrb => Pick($"for a game rated {Pick(Phrasebook.Esrb[game.Esrb])}", $"for an {Pick(Phrasebook.Esrb[game.Esrb])}-rated game"),
            SlotName.AvailableOnSteam => game.Steam ? Pick("on Steam", "and I got it on Steam") : Pick("even though it's not on Steam", "and it's not on Steam"),
            _ => string.Empty,
        };
    }

    private string KindOfGames(Game game, List<SlotName> slots)
    {
        var before = new List<string>();
        var after = new List<string>();
        foreach (var slot in slots)
        {
            switch (slot)
            {
                case SlotName.Genres: before.Add(GenrePhrase(game)); break;
                case SlotName.PlayerPerspective: before.Insert(0, PerspectivePhrase(game)); break;
                case SlotName.HasMultiplayer: before.Insert(0, game.Multiplayer ? Pick("multiplayer", "co-op", "online") : Pick("single-player", "solo")); break;
                case SlotName.Platforms: after.Add($"on {PlatformPhrase(game)}"); break;
                case SlotName.Developer: after.Add($"by {game.Developer}"); break;
                case SlotName.ReleaseYear: after.Add($"from {game.ReleaseYear}"); break;
                case SlotName.Esrb: after.Add($"rated {Pick(Phrasebook.Esrb[game.Esrb])}"); break;
                case SlotName.AvailableOnSteam: after.Add(game.Steam ? "on Steam" : "that aren't on Steam"); break;
                case SlotName.HasMacRelease: after.Add(game.Mac ? "that run on Mac" : "without a Mac version"); break;
                case SlotName.HasLinuxRelease: after.Add(game.Linux ? "that run on Linux" : "without a Linux version"); break;
                default: break;
            }
        }
        var words = string.Join(" ", before.Append("games"));
        return after.Count == 0 ? words : $"{words} {string.Join(" ", after)}";
    }

    // ---------- noise ----------

    private string AddNoise(string text, MeaningRepresentation mr)
    {
        if (!Chance(NoiseRate)) return text;
        var protectedWords = mr.Slots.SelectMany(s => s.Value.Split(' ', ',', ':', '/')).Where(w => w.Length > 0)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var ops = Pick(1, 1, 2, 2, 3);
        for (var i = 0; i < ops; i++)
        {
            text = _random.Next(8) switch
            {
                0 => text.ToLowerInvariant(),
                1 => text.TrimEnd('.', '?', '!'),
                2 => Pick(Phrasebook.SlangOpeners) + char.ToLowerInvariant(text[0]) + text[1..],
                3 => text.TrimEnd('.') + Pick(Phrasebook.SlangClosers),
                4 or 5 => Typo(text, protectedWords),
                6 => Slang(text),
                _ => text.Replace("?", Pick("??", "?!", "?"), StringComparison.Ordinal),
            };
        }
        return text;
    }

    private string Typo(string text, HashSet<string> protectedWords)
    {
        var words = text.Split(' ');
        var candidates = Enumerable.Range(0, words.Length)
            .Where(i => words[i].Length >= 4 && words[i].All(char.IsAsciiLetterLower) && !protectedWords.Contains(words[i]))
            .ToList();
        if (candidates.Count == 0) return text;
        var index = PickFrom(candidates);
        var w = words[index];
        var at = _random.Next(1, w.Length - 1);
        words[index] = _random.Next(3) switch
        {
            0 => string.Concat(w.AsSpan(0, at), w[at + 1].ToString(), w[at].ToString(), w.AsSpan(at + 2)),
            1 => w.Remove(at, 1),
            _ => w.Insert(at, w[at].ToString()),
        };
        return string.Join(' ', words);
    }

    private string Slang(string text)
    {
        (string From, string To)[] swaps = [(" you ", " u "), (" your ", " ur "), (" going to ", " gonna "), (" really ", " rly "), (" because ", " cuz "), (" though", " tho"), (" probably ", " prob "), (" definitely ", " def ")];
        foreach (var (from, to) in Shuffle(swaps))
        {
            if (text.Contains(from, StringComparison.Ordinal)) return text.Replace(from, to, StringComparison.Ordinal);
        }
        return text;
    }

    // ---------- randomness ----------

    private bool Chance(double p) => _random.NextDouble() < p;

    private T Pick<T>(params T[] items) => items[_random.Next(items.Length)];

    private T PickFrom<T>(IEnumerable<T> items)
    {
        var list = items as IReadOnlyList<T> ?? items.ToList();
        return list[_random.Next(list.Count)];
    }

    private List<T> Shuffle<T>(IEnumerable<T> items)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }

    private static string A(string phrase)
    {
        if (phrase.Length == 0) return phrase;
        var firstWord = phrase.Split(' ', '/', '-')[0];
        // Acronyms are read letter by letter: "an RPG", "an MMO", "an RTS".
        var acronym = firstWord.Length > 1 && firstWord.All(char.IsAsciiLetterUpper);
        var vowelSound = acronym
            ? "AEFHILMNORSX".Contains(firstWord[0], StringComparison.Ordinal)
            : "aeiouAEIOU".Contains(phrase[0], StringComparison.Ordinal) && !phrase.StartsWith("one", StringComparison.OrdinalIgnoreCase);
        return vowelSound ? $"an {phrase}" : $"a {phrase}";
    }

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Join(List<string> parts) => string.Concat(parts).TrimEnd(',');
}
