using Feedback.Core.Mr;

namespace Feedback.Core.Ingestion;

/// <summary>
/// A row the span path accepted, as UTF-8 spans into the line or into the worker's <see cref="RowScratch"/>;
/// valid until either is reused. The same fields as the record <see cref="SourceRowTransform"/> makes.
/// </summary>
public readonly ref struct AcceptedRow
{
    /// <summary>Makes a row.</summary>
    /// <param name="id">The source's id.</param>
    /// <param name="receivedAt">When it was sent, as the staged line writes it (what <see cref="System.Text.Json.Utf8JsonWriter"/> writes for the time, unquoted).</param>
    /// <param name="text">The normalised text.</param>
    /// <param name="label">The label (canonical), or empty when <paramref name="labelled"/> is false.</param>
    /// <param name="labelled">Whether the row has a label.</param>
    /// <param name="act">The label's act.</param>
    /// <param name="contentKey">The content key, 32 lower-case hex digits.</param>
    public AcceptedRow(ReadOnlySpan<byte> id, ReadOnlySpan<byte> receivedAt, ReadOnlySpan<byte> text, ReadOnlySpan<byte> label, bool labelled, DialogueAct act, ReadOnlySpan<byte> contentKey)
    {
        Id = id;
        ReceivedAt = receivedAt;
        Text = text;
        Label = label;
        Labelled = labelled;
        Act = act;
        ContentKey = contentKey;
    }

    /// <summary>The source's id of the message.</summary>
    public ReadOnlySpan<byte> Id { get; }

    /// <summary>When it was sent, as the staged line writes it: the ISO 8601 round-trip form with the fraction's trailing zeros dropped and the offset as <c>±HH:mm</c>.</summary>
    public ReadOnlySpan<byte> ReceivedAt { get; }

    /// <summary>The normalised text.</summary>
    public ReadOnlySpan<byte> Text { get; }

    /// <summary>The label, when <see cref="Labelled"/>.</summary>
    public ReadOnlySpan<byte> Label { get; }

    /// <summary>Whether the row carries a label.</summary>
    public bool Labelled { get; }

    /// <summary>The label's dialogue act, when <see cref="Labelled"/>.</summary>
    public DialogueAct Act { get; }

    /// <summary>The content key (32 lower-case hex digits, as <see cref="Records.FeedbackText.ContentKeyOfNormalized"/>).</summary>
    public ReadOnlySpan<byte> ContentKey { get; }
}
