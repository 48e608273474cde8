namespace Feedback.Core.Mr;

/// <summary>Parse then validate in one call.</summary>
public static class MrCheck
{
    /// <summary>Checks <paramref name="text"/> as an MR.</summary>
    public static MrCheckResult Check(string? text) =>
        MrParser.TryParse(text, out var mr, out var error)
            ? new MrCheckResult(mr, null, MrValidator.Validate(mr))
            : new MrCheckResult(null, error, []);
}
