namespace Feedback.SampleData;

/// <summary>Sizes of the generated sets. The defaults are the committed data.</summary>
public sealed record SampleDataOptions
{
    /// <summary>The seed; the same seed gives the same files byte for byte. Default 20261129.</summary>
    public int Seed { get; init; } = 20261129;

    /// <summary>The curated first fine-tuning set. Default 100.</summary>
    public int Curated { get; init; } = 100;

    /// <summary>The labelled rows of the source exports (the automatic re-fine-tune). Default 500.</summary>
    public int Expansion { get; init; } = 500;

    /// <summary>The held-out test set. Default 400.</summary>
    public int Test { get; init; } = 400;

    /// <summary>Labelled rows of the later export that arrives after the first data update. Default 60.</summary>
    public int Arrivals { get; init; } = 60;

    /// <summary>Unlabelled rows spread over the exports. Default 120.</summary>
    public int Unlabelled { get; init; } = 120;
}
