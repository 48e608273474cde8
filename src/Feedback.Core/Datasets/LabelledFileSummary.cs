using Feedback.Core.Mr;

namespace Feedback.Core.Datasets;

/// <summary>What validating a labelled file found.</summary>
public sealed class LabelledFileSummary
{
    private readonly Dictionary<DialogueAct, long> _byAct = [];

    /// <summary>Non-blank lines read.</summary>
    public long Lines { get; internal set; }

    /// <summary>Lines that are valid examples.</summary>
    public long Valid { get; internal set; }

    /// <summary>Lines that are not.</summary>
    public long Invalid => Lines - Valid;

    /// <summary>Valid source rows without an MR label (Discord and Twitch exports only).</summary>
    public long Unlabelled { get; internal set; }

    /// <summary>Valid examples per dialogue act.</summary>
    public IReadOnlyDictionary<DialogueAct, long> ByAct => _byAct;

    /// <summary>Whether every line is valid (and there is at least one).</summary>
    public bool AllValid => Lines > 0 && Invalid == 0;

    internal void Count(DialogueAct act) => _byAct[act] = _byAct.GetValueOrDefault(act) + 1;
}
