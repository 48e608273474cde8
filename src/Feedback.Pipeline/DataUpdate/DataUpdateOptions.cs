using System.ComponentModel.DataAnnotations;
using Feedback.Core.Ingestion;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>The data update, section <c>DataUpdate</c>. Validated at start.</summary>
public sealed class DataUpdateOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DataUpdate";

    /// <summary>The sources. Default: Discord (<c>sources/discord/</c>), Twitch (<c>sources/twitch/</c>), the API (<c>sources/api/</c>) and the imported ViGGO corpus (<c>sources/viggo/</c>, written by <c>feedback data import viggo</c> in the API's row format).</summary>
    public List<FeedbackSourceOptions> Sources { get; set; } = [];

    /// <summary>The held-out test set (chat or text/mr JSONL) whose texts never enter training data. Default <c>reference/test.jsonl</c>; it must exist.</summary>
    [Required]
    public string TestSetKey { get; set; } = "reference/test.jsonl";

    /// <summary>The share of new labelled records that go to <c>valid.jsonl</c>, in percent. Default 10.</summary>
    [Range(0, 50)]
    public int ValidPercent { get; set; } = 10;

    /// <summary>The queue the <c>data-transformed</c> event goes to. Default <c>data-transformed</c>.</summary>
    [Required]
    public string EventQueue { get; set; } = "data-transformed";

    /// <summary>Transform activities run at once. Default 8.</summary>
    [Range(1, 256)]
    public int MaxParallelTransforms { get; set; } = 8;

    /// <summary>
    /// Most source objects one transform activity reads. Small objects (one per intake request) are
    /// grouped so a thousand of them are not a thousand activities. Default 64.
    /// </summary>
    [Range(1, 10_000)]
    public int TransformBatchObjects { get; set; } = 64;

    /// <summary>The bytes of source objects one transform activity reads at most (an object bigger than this is a batch of its own). Default 16 MiB.</summary>
    [Range(1024L, 64L * 1024 * 1024 * 1024)]
    public long TransformBatchBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>The sources to use: <see cref="Sources"/>, or the defaults when none are configured.</summary>
    public IReadOnlyList<FeedbackSourceOptions> EffectiveSources => Sources.Count > 0 ? Sources :
    [
        new() { Name = "discord", Prefix = "sources/discord/", Format = "discord" },
        new() { Name = "twitch", Prefix = "sources/twitch/", Format = "twitch" },
        new() { Name = "api", Prefix = "sources/api/", Format = "api" },
        new() { Name = "viggo", Prefix = "sources/viggo/", Format = "api" },
    ];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (FeedbackSourceOptions source in Sources)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(source, new ValidationContext(source), results, validateAllProperties: true);
            foreach (ValidationResult result in results)
            {
                yield return new ValidationResult($"{Section}:Sources ({source.Name}): {result.ErrorMessage}");
            }

            if (!SourceRowReaders.TryGet(source.Format, out _))
            {
                yield return new ValidationResult($"{Section}:Sources ({source.Name}): unknown format '{source.Format}'; known: {string.Join(", ", SourceRowReaders.Formats)}.");
            }
        }

        if (Sources.GroupBy(s => s.Name, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            yield return new ValidationResult($"{Section}:Sources: source names must be unique.");
        }
    }
}
