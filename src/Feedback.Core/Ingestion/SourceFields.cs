using System.Text;

namespace Feedback.Core.Ingestion;

/// <summary>
/// Where a source format keeps the fields a row is mapped to, as UTF-8 property names, for the span path
/// of the transform (<see cref="FastRowTransform"/>). The text may sit one object down (Twitch's
/// <c>message.text</c>).
/// </summary>
public sealed class SourceFields
{
    /// <summary>Names the fields.</summary>
    /// <param name="id">The id property.</param>
    /// <param name="text">The text property (inside <paramref name="textParent"/> when given).</param>
    /// <param name="time">The timestamp property.</param>
    /// <param name="label">The optional MR label property.</param>
    /// <param name="textParent">The object property holding the text, or null when the text is at the top.</param>
    public SourceFields(string id, string text, string time, string label, string? textParent = null)
    {
        Id = Encoding.UTF8.GetBytes(id);
        Text = Encoding.UTF8.GetBytes(text);
        Time = Encoding.UTF8.GetBytes(time);
        Label = Encoding.UTF8.GetBytes(label);
        TextParent = textParent is null ? null : Encoding.UTF8.GetBytes(textParent);
        foreach (byte[] name in new[] { Id, Text, Time, Label, TextParent ?? [] })
        {
            NameLengths |= name.Length < 64 ? 1UL << name.Length : ulong.MaxValue;
        }
    }

    /// <summary>Bit n is set when some field's name is n bytes long (all bits when one is 64 or longer): a name of
    /// another length is none of them.</summary>
    internal ulong NameLengths { get; }

    /// <summary>The id property.</summary>
    public byte[] Id { get; }

    /// <summary>The text property.</summary>
    public byte[] Text { get; }

    /// <summary>The timestamp property.</summary>
    public byte[] Time { get; }

    /// <summary>The MR label property.</summary>
    public byte[] Label { get; }

    /// <summary>The object holding the text, or null.</summary>
    public byte[]? TextParent { get; }
}
