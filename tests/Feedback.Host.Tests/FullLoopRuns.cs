namespace Feedback.Host.Tests;

/// <summary>
/// Tests that run the whole loop in this process (<c>feedback run</c>) take turns: two loops at once on
/// 2 cores, next to the crash and fault suites, starve the one a browser is watching.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FullLoopRuns
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Full loop runs";
}
