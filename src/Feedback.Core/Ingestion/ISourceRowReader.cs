using System.Text.Json;

namespace Feedback.Core.Ingestion;

/// <summary>
/// Reads one platform's export rows. Adding a source format is one implementation of this interface
/// registered in <see cref="SourceRowReaders"/>, and one configuration entry naming it.
/// </summary>
public interface ISourceRowReader
{
    /// <summary>The format name used in configuration (<c>discord</c>, <c>twitch</c>, <c>api</c>).</summary>
    string Format { get; }

    /// <summary>Where the format keeps its fields, for the span path (<see cref="FastRowTransform"/>).</summary>
    SourceFields Fields { get; }

    /// <summary>Maps a row (a JSON object) to its fields, or says what is wrong with its shape.</summary>
    /// <param name="row">The row.</param>
    /// <param name="feedback">The fields, when the shape is right.</param>
    ShapeProblem? Read(JsonElement row, out RawFeedback feedback);
}
