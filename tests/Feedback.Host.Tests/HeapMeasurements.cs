namespace Feedback.Host.Tests;

/// <summary>
/// Tests that measure the managed heap run alone, after every parallel collection: the heap is the whole
/// process's, so a test running next to them counts its own objects into their figure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasurements
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Heap measurements";
}
