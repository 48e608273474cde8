using Feedback.Core.Mr;

namespace Feedback.SampleData;

/// <summary>A game of the catalogue with its facts, the values MRs about it take.</summary>
public sealed record Game(
    string Name,
    string? ReleaseYear,
    string? ExpectedRelease,
    string Developer,
    string Esrb,
    IReadOnlyList<string> Genres,
    IReadOnlyList<string> Perspectives,
    bool Multiplayer,
    IReadOnlyList<string> Platforms,
    bool Steam,
    bool Linux,
    bool Mac)
{
    /// <summary>The canonical MR value of a fact of this game, or null when the game has none.</summary>
    public string? Fact(SlotName slot) => slot switch
    {
        SlotName.Name => Name,
        SlotName.ReleaseYear => ReleaseYear,
        SlotName.ExpReleaseDate => ExpectedRelease,
        SlotName.Developer => Developer,
        SlotName.Esrb => Esrb,
        SlotName.Genres => MrCanonicalizer.CanonicalListValue(slot, string.Join(ViggoOntology.Separator, Genres)),
        SlotName.PlayerPerspective => MrCanonicalizer.CanonicalListValue(slot, string.Join(ViggoOntology.Separator, Perspectives)),
        SlotName.HasMultiplayer => YesNo(Multiplayer),
        SlotName.Platforms => MrCanonicalizer.CanonicalListValue(slot, string.Join(ViggoOntology.Separator, Platforms)),
        SlotName.AvailableOnSteam => YesNo(Steam),
        SlotName.HasLinuxRelease => YesNo(Linux),
        SlotName.HasMacRelease => YesNo(Mac),
        _ => null,
    };

    private static string YesNo(bool value) => value ? "yes" : "no";
}
