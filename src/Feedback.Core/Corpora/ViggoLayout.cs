namespace Feedback.Core.Corpora;

/// <summary>The published forms of the ViGGO corpus the reader understands.</summary>
public enum ViggoLayout
{
    /// <summary>The original CSV (github.com/jjuraska/data2text-nlg, <c>data/video_game/*.csv</c>): columns <c>mr</c>, <c>ref</c>.</summary>
    OriginalCsv,

    /// <summary>The GEM benchmark's CSV on Hugging Face (<c>GEM/viggo</c>): columns <c>gem_id</c>, <c>meaning_representation</c>, <c>target</c>, <c>references</c>.</summary>
    GemCsv,

    /// <summary>JSON lines: <c>{"text","mr"}</c> (this project's form), or the GEM field names.</summary>
    JsonLines,
}
