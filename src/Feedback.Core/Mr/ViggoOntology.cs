using System.Collections.Frozen;

namespace Feedback.Core.Mr;

/// <summary>The ViGGO ontology: the acts, the attributes, their values and the rules between them.</summary>
public static class ViggoOntology
{
    /// <summary>The item separator of list values, and the slot separator.</summary>
    public const string Separator = ", ";

    /// <summary>The esrb values.</summary>
    public static readonly IReadOnlyList<string> EsrbValues =
        ["E (for Everyone)", "E 10+ (for Everyone 10 and Older)", "T (for Teen)", "M (for Mature)"];

    /// <summary>The rating values.</summary>
    public static readonly IReadOnlyList<string> RatingValues = ["excellent", "good", "average", "poor"];

    /// <summary>The boolean values.</summary>
    public static readonly IReadOnlyList<string> BooleanValues = ["yes", "no"];

    /// <summary>The genre vocabulary.</summary>
    public static readonly IReadOnlyList<string> Genres =
    [
        "action", "action-adventure", "adventure", "arcade", "driving/racing", "fighting", "hack-and-slash",
        "indie", "MMORPG", "music", "pinball", "platformer", "point-and-click", "puzzle", "real-time strategy",
        "role-playing", "shooter", "simulation", "sport", "strategy", "tactical", "text adventure",
        "trivia/board game", "turn-based strategy", "vehicular combat",
    ];

    /// <summary>The player-perspective vocabulary.</summary>
    public static readonly IReadOnlyList<string> PlayerPerspectives = ["bird view", "first person", "side view", "third person"];

    /// <summary>The platforms, in their canonical (fixed, not alphabetical) order.</summary>
    public static readonly IReadOnlyList<string> Platforms = ["PlayStation", "Xbox", "Nintendo", "Nintendo Switch", "PC"];

    /// <summary>Month names accepted in <c>exp_release_date</c>.</summary>
    public static readonly IReadOnlyList<string> Months =
    [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ];

    private static readonly AttributeDefinition[] AttributeTable =
    [
        new(SlotName.Name, "name", AttributeKind.OpenText, []),
        new(SlotName.ExpReleaseDate, "exp_release_date", AttributeKind.Date, []),
        new(SlotName.ReleaseYear, "release_year", AttributeKind.Year, []),
        new(SlotName.Developer, "developer", AttributeKind.OpenText, []),
        new(SlotName.Esrb, "esrb", AttributeKind.Closed, EsrbValues),
        new(SlotName.Rating, "rating", AttributeKind.Closed, RatingValues),
        new(SlotName.Genres, "genres", AttributeKind.List, Genres, 3),
        new(SlotName.PlayerPerspective, "player_perspective", AttributeKind.List, PlayerPerspectives, 3),
        new(SlotName.HasMultiplayer, "has_multiplayer", AttributeKind.Boolean, BooleanValues),
        new(SlotName.Platforms, "platforms", AttributeKind.List, Platforms, 4),
        new(SlotName.AvailableOnSteam, "available_on_steam", AttributeKind.Boolean, BooleanValues),
        new(SlotName.HasLinuxRelease, "has_linux_release", AttributeKind.Boolean, BooleanValues),
        new(SlotName.HasMacRelease, "has_mac_release", AttributeKind.Boolean, BooleanValues),
        new(SlotName.Specifier, "specifier", AttributeKind.OpenText, []),
    ];

    private static readonly FrozenDictionary<string, AttributeDefinition> AttributesByWireName =
        AttributeTable.ToFrozenDictionary(a => a.WireName, StringComparer.Ordinal);

    private static readonly DialogueActDefinition[] ActTable = BuildActs();

    private static readonly FrozenDictionary<string, DialogueActDefinition> ActsByWireName =
        ActTable.ToFrozenDictionary(a => a.WireName, StringComparer.Ordinal);

    /// <summary>All attributes in canonical order.</summary>
    public static IReadOnlyList<AttributeDefinition> Attributes => AttributeTable;

    /// <summary>All dialogue acts.</summary>
    public static IReadOnlyList<DialogueActDefinition> Acts => ActTable;

    /// <summary>The definition of an attribute.</summary>
    public static AttributeDefinition Get(SlotName attribute) => AttributeTable[(int)attribute];

    /// <summary>The definition of a dialogue act.</summary>
    public static DialogueActDefinition Get(DialogueAct act) => ActTable[(int)act];

    /// <summary>Looks up an attribute by its wire name (case-sensitive).</summary>
    public static bool TryGetAttribute(string wireName, out AttributeDefinition definition) =>
        AttributesByWireName.TryGetValue(wireName, out definition!);

    /// <summary>Looks up an attribute by its wire name, for a span of the input.</summary>
    public static bool TryGetAttribute(ReadOnlySpan<char> wireName, out AttributeDefinition definition) =>
        AttributesByWireName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(wireName, out definition!);

    /// <summary>Looks up a dialogue act by its wire name (case-sensitive).</summary>
    public static bool TryGetAct(ReadOnlySpan<char> wireName, out DialogueActDefinition definition) =>
        ActsByWireName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(wireName, out definition!);

    /// <summary>The wire name of an act.</summary>
    public static string WireName(this DialogueAct act) => Get(act).WireName;

    /// <summary>The wire name of an attribute.</summary>
    public static string WireName(this SlotName attribute) => Get(attribute).WireName;

    private static DialogueActDefinition[] BuildActs()
    {
        var everything = Enum.GetValues<SlotName>().ToHashSet();

        // Attributes restricted to some acts (viggo-grammar.md): exp_release_date only in inform and confirm,
        // specifier only in request, rating only in inform/give_opinion/verify_attribute/request_explanation,
        // name never in request/request_explanation/request_attribute.
        HashSet<SlotName> AllowedFor(DialogueAct act)
        {
            var set = new HashSet<SlotName>(everything);
            if (act is not (DialogueAct.Inform or DialogueAct.Confirm)) set.Remove(SlotName.ExpReleaseDate);
            if (act is not DialogueAct.Request) set.Remove(SlotName.Specifier);
            if (act is not (DialogueAct.Inform or DialogueAct.GiveOpinion or DialogueAct.VerifyAttribute or DialogueAct.RequestExplanation))
                set.Remove(SlotName.Rating);
            if (act is DialogueAct.Request or DialogueAct.RequestExplanation or DialogueAct.RequestAttribute)
                set.Remove(SlotName.Name);
            return set;
        }

        DialogueActDefinition Make(DialogueAct act, string wire, SlotName[] required, int min, int max) =>
            new(act, wire, required, AllowedFor(act).ToFrozenSet(), min, max);

        return
        [
            Make(DialogueAct.Inform, "inform", [SlotName.Name, SlotName.Genres], 3, 8),
            Make(DialogueAct.GiveOpinion, "give_opinion", [SlotName.Name, SlotName.Rating], 3, 4),
            Make(DialogueAct.VerifyAttribute, "verify_attribute", [SlotName.Name, SlotName.Rating], 3, 4),
            Make(DialogueAct.Request, "request", [SlotName.Specifier], 1, 2),
            Make(DialogueAct.RequestExplanation, "request_explanation", [SlotName.Rating], 2, 3),
            Make(DialogueAct.Recommend, "recommend", [SlotName.Name], 2, 3),
            Make(DialogueAct.Suggest, "suggest", [SlotName.Name], 2, 3),
            Make(DialogueAct.Confirm, "confirm", [SlotName.Name], 2, 3),
            Make(DialogueAct.RequestAttribute, "request_attribute", [], 1, 1),
        ];
    }
}
