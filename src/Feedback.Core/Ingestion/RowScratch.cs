namespace Feedback.Core.Ingestion;

/// <summary>
/// The buffers one worker of the span path reuses from row to row, so accepting a row allocates nothing.
/// Not thread-safe: one per worker.
/// </summary>
public sealed class RowScratch
{
    /// <summary>The longest label the span path checks itself (in UTF-8 bytes); longer ones go to the slow path.</summary>
    internal const int MaxLabelChars = 512;

    internal char[] Label { get; } = new char[MaxLabelChars];

    internal byte[] Text { get; private set; } = new byte[1024];

    internal byte[] Normalized { get; private set; } = new byte[1024];

    internal byte[] Material { get; private set; } = new byte[2048];

    internal byte[] Key { get; } = new byte[32];

    internal byte[] Time { get; } = new byte[ExportTimestamp.MaxStagedBytes];

    internal char[] Chars { get; private set; } = new char[1024];

    internal char[] Nfkc { get; private set; } = new char[1024];

    internal char[] Clean { get; private set; } = new char[1024];

    internal char[] EnsureChars(int length) => Chars.Length >= length ? Chars : Chars = new char[Math.Max(length, Chars.Length * 2)];

    internal char[] EnsureNfkc(int length) => Nfkc.Length >= length ? Nfkc : Nfkc = new char[Math.Max(length, Nfkc.Length * 2)];

    internal char[] EnsureClean(int length) => Clean.Length >= length ? Clean : Clean = new char[Math.Max(length, Clean.Length * 2)];

    internal byte[] EnsureText(int length) => Text.Length >= length ? Text : Text = new byte[Math.Max(length, Text.Length * 2)];

    internal byte[] EnsureNormalized(int length) => Normalized.Length >= length ? Normalized : Normalized = new byte[Math.Max(length, Normalized.Length * 2)];

    internal byte[] EnsureMaterial(int length) => Material.Length >= length ? Material : Material = new byte[Math.Max(length, Material.Length * 2)];
}
