namespace Feedback.SampleData;

/// <summary>How players say the values of the ontology: several surface forms for each value.</summary>
internal static class Phrasebook
{
    public static readonly Dictionary<string, string[]> Genre = new(StringComparer.Ordinal)
    {
        ["action"] = ["action"],
        ["action-adventure"] = ["action-adventure", "action adventure"],
        ["adventure"] = ["adventure"],
        ["arcade"] = ["arcade", "arcade-style"],
        ["driving/racing"] = ["racing", "driving", "racing"],
        ["fighting"] = ["fighting", "fighter"],
        ["hack-and-slash"] = ["hack-and-slash", "hack and slash"],
        ["indie"] = ["indie"],
        ["MMORPG"] = ["MMORPG", "MMO"],
        ["music"] = ["music", "rhythm"],
        ["pinball"] = ["pinball"],
        ["platformer"] = ["platformer", "platforming"],
        ["point-and-click"] = ["point-and-click", "point and click"],
        ["puzzle"] = ["puzzle", "puzzler"],
        ["real-time strategy"] = ["real-time strategy", "RTS"],
        ["role-playing"] = ["role-playing", "RPG"],
        ["shooter"] = ["shooter"],
        ["simulation"] = ["simulation", "sim"],
        ["sport"] = ["sports", "sport"],
        ["strategy"] = ["strategy"],
        ["tactical"] = ["tactical", "tactics"],
        ["text adventure"] = ["text adventure", "text-based adventure"],
        ["trivia/board game"] = ["trivia", "board game", "quiz"],
        ["turn-based strategy"] = ["turn-based strategy", "turn-based"],
        ["vehicular combat"] = ["vehicular combat", "car combat"],
    };

    public static readonly Dictionary<string, string[]> Perspective = new(StringComparer.Ordinal)
    {
        ["bird view"] = ["bird's-eye view", "top-down", "overhead"],
        ["first person"] = ["first-person", "first person"],
        ["side view"] = ["side-scrolling", "side view", "side-on"],
        ["third person"] = ["third-person", "third person", "over-the-shoulder"],
    };

    public static readonly Dictionary<string, string[]> Platform = new(StringComparer.Ordinal)
    {
        ["PlayStation"] = ["PlayStation", "PS4", "PlayStation"],
        ["Xbox"] = ["Xbox", "Xbox One"],
        ["Nintendo"] = ["Nintendo", "the Wii", "Nintendo consoles"],
        ["Nintendo Switch"] = ["Switch", "Nintendo Switch", "the Switch"],
        ["PC"] = ["PC", "computer", "PC"],
    };

    /// <summary>Adjectives that can stand before a noun: "a fantastic shooter".</summary>
    public static readonly Dictionary<string, string[]> RatingAttributive = new(StringComparer.Ordinal)
    {
        ["excellent"] = ["fantastic", "amazing", "excellent", "incredible", "outstanding", "brilliant", "phenomenal", "top-notch"],
        ["good"] = ["good", "pretty good", "solid", "fun", "enjoyable", "really good", "nice"],
        ["average"] = ["average", "mediocre", "so-so", "middling", "okay"],
        ["poor"] = ["terrible", "bad", "awful", "disappointing", "poor", "dreadful", "lousy"],
    };

    /// <summary>Words after "is": "it's nothing special".</summary>
    public static readonly Dictionary<string, string[]> RatingPredicative = new(StringComparer.Ordinal)
    {
        ["excellent"] = ["a masterpiece", "amazing", "fantastic", "excellent", "one of the best ever", "incredible", "so good", "brilliant"],
        ["good"] = ["good", "pretty good", "solid", "fun", "enjoyable", "worth playing", "a good time"],
        ["average"] = ["okay", "average", "mediocre", "nothing special", "just alright", "meh", "so-so"],
        ["poor"] = ["terrible", "bad", "awful", "disappointing", "trash", "a letdown", "garbage"],
    };

    /// <summary>What a player said they felt about a game, {0} being the game: "You said you loved {0}".</summary>
    public static readonly Dictionary<string, string[]> RatingFeeling = new(StringComparer.Ordinal)
    {
        ["excellent"] = ["loved {0}", "really loved {0}", "absolutely adored {0}", "were obsessed with {0}", "thought {0} was amazing"],
        ["good"] = ["liked {0}", "enjoyed {0}", "had fun with {0}", "kind of liked {0}", "thought {0} was pretty good"],
        ["average"] = ["felt lukewarm about {0}", "thought {0} was just okay", "were on the fence about {0}", "found {0} kind of average", "called {0} meh"],
        ["poor"] = ["hated {0}", "disliked {0}", "couldn't stand {0}", "really didn't like {0}", "thought {0} was awful"],
    };

    public static readonly Dictionary<string, string[]> Esrb = new(StringComparer.Ordinal)
    {
        ["E (for Everyone)"] = ["E for Everyone", "E", "E (for Everyone)"],
        ["E 10+ (for Everyone 10 and Older)"] = ["E10+", "E 10+", "E 10+ (for Everyone 10 and Older)"],
        ["T (for Teen)"] = ["T for Teen", "T", "Teen"],
        ["M (for Mature)"] = ["M for Mature", "M", "Mature"],
    };

    public static readonly string[] Specifiers =
    [
        "fun", "boring", "overrated", "underrated", "addictive", "poorly balanced", "quick-to-learn", "relaxing",
        "challenging", "frustrating", "memorable", "weird", "immersive", "terrible", "beautiful", "creative",
        "hard", "easy", "scary", "nostalgic", "cheesy", "great", "disappointing", "atmospheric", "well-written",
        "replayable", "buggy", "satisfying", "cozy", "chaotic",
    ];

    public static readonly string[] Usernames =
    [
        "pixelpanda", "NoScopeNana", "cozygamer42", "LeeroyJ", "mossy_knight", "frag_queen", "bytebandit",
        "retro_rick", "sunny.days", "GlitchHunter", "quietfox", "ctrl_alt_defeat", "SpeedyGonz", "lorelei_plays",
        "turtle_tank", "manaburn", "joystickjen", "KiteRunner", "boss_rush", "the_real_mika", "ptero_dactyl",
        "AFK_Arthur", "hypebeast99", "noodle_arms", "clutchmaster", "mellow_yellow", "dungeon_dad", "zerg_rush",
    ];

    public static readonly string[] SlangOpeners = ["tbh ", "ngl ", "honestly ", "lol ", "ok so ", "bro ", "yo ", "idk but ", "fr ", "hmm "];
    public static readonly string[] SlangClosers = [" lol", " imo", " fr", " tbh", " lmao", " 🔥", " 😂", " 👍", " 🎮", " 💯", "!!", " :)", " 😅", " xD", " haha"];
}
