using System.Text.Json.Serialization;

namespace Feedback.Pipeline;

/// <summary>
/// What every orchestration shows in its custom status, in one shape, so the dashboard, <c>feedback run</c> and the
/// portal read any of them the same way: <c>{"stage":"transforming","done":3,"total":20}</c>. Built with the named
/// factories.
/// </summary>
/// <param name="Stage">Where the orchestration is, in the product's words (for example <c>transforming</c>, <c>waiting for approval</c>).</param>
/// <param name="Done">Units done, when the stage counts units.</param>
/// <param name="Total">Units in the stage, when it counts units.</param>
/// <param name="Detail">More about the stage (the job and its platform state, who holds the lease).</param>
public sealed record Progress(
    string Stage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Done = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Total = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail = null)
{
    /// <summary>A stage with nothing to count.</summary>
    /// <param name="stage">The stage.</param>
    public static Progress At(string stage) => new(stage);

    /// <summary>A stage that counts units.</summary>
    /// <param name="stage">The stage.</param>
    /// <param name="done">Units done.</param>
    /// <param name="total">Units in the stage.</param>
    public static Progress Counting(string stage, int done, int total) => new(stage, done, total);

    /// <summary>A stage with a detail.</summary>
    /// <param name="stage">The stage.</param>
    /// <param name="detail">The detail.</param>
    public static Progress Detailed(string stage, string detail) => new(stage, Detail: detail);

    /// <summary>One line for a terminal: <c>transforming 3/20</c>, <c>fine-tuning (job RUNNING)</c>.</summary>
    public override string ToString() =>
        $"{Stage}{(Total is { } total ? $" {Done ?? 0}/{total}" : string.Empty)}{(Detail is { Length: > 0 } detail ? $" ({detail})" : string.Empty)}";
}
