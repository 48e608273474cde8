using System.Text;
using System.Text.Json;
using Feedback.Core.Corpora;
using Feedback.Pipeline;
using Feedback.Pipeline.Ports;

namespace Feedback.Host.Cli;

/// <summary>
/// Imports the ViGGO corpus as a labelled source export: reads a slice of it from a file or an http(s) URL
/// (<see cref="ViggoCorpus"/> detects the layout) and writes it to <c>sources/viggo/{name}.jsonl</c> in the object store,
/// in the API source's row format, for the data update to ingest like any other export (checked, de-duplicated, bad
/// rows quarantined with their reason). The export is named after the file and the slice, and an export that exists
/// already is left alone, so importing the same slice twice writes nothing.
/// </summary>
/// <param name="store">The object store the data update reads.</param>
/// <param name="http">Fetches a corpus given by URL.</param>
/// <param name="time">The clock (the rows' <c>receivedAt</c>).</param>
public sealed class ViggoImport(IObjectStore store, HttpClient http, TimeProvider time)
{
    /// <summary>The prefix of the ViGGO source.</summary>
    public const string Prefix = StoreLayout.Sources + "viggo/";

    /// <summary>Imports records <paramref name="skip"/>+1 to <paramref name="skip"/>+<paramref name="take"/> (all after <paramref name="skip"/> when null).</summary>
    /// <param name="from">A file path or an http(s) URL.</param>
    /// <param name="skip">Records to skip from the start.</param>
    /// <param name="take">Records to import at most.</param>
    /// <param name="name">The export's name; default <c>{file}-{first}-{last}</c>.</param>
    /// <param name="cancellationToken">Cancels the import.</param>
    /// <exception cref="FormatException">The input is not a ViGGO file.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public async Task<ViggoImportResult> ImportAsync(string from, int skip, int? take, string? name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(from);
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        using TextReader reader = await OpenAsync(from, cancellationToken);
        List<ViggoPair> pairs = [.. ViggoCorpus.Read(reader).Skip(skip).Take(take ?? int.MaxValue)];
        if (pairs.Count == 0)
        {
            return new ViggoImportResult(Key: null, Rows: 0, Incomplete: 0, Written: false);
        }

        string stem = Path.GetFileNameWithoutExtension(IsUrl(from) ? new Uri(from).AbsolutePath : from);
        string key = $"{Prefix}{name ?? $"{stem}-{pairs[0].Line}-{pairs[^1].Line}"}.jsonl";
        int incomplete = pairs.Count(p => p.Text.Length == 0 || p.Mr.Length == 0);
        if (await store.ReadTaggedAsync(key, cancellationToken) is not null)
        {
            return new ViggoImportResult(key, pairs.Count, incomplete, Written: false);
        }

        string content = ExportRows(pairs, stem, time.GetUtcNow());
        await store.WriteAsync(key, new MemoryStream(Encoding.UTF8.GetBytes(content)), cancellationToken);
        return new ViggoImportResult(key, pairs.Count, incomplete, Written: true);
    }

    /// <summary>The export's lines: one API-source row (<c>id</c>, <c>text</c>, <c>mr</c>, <c>receivedAt</c>) per record.</summary>
    /// <param name="pairs">The records.</param>
    /// <param name="stem">The corpus file's name, for the ids.</param>
    /// <param name="receivedAt">When the product received them.</param>
    public static string ExportRows(IEnumerable<ViggoPair> pairs, string stem, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var content = new StringBuilder();
        foreach (ViggoPair pair in pairs)
        {
            content.Append(JsonSerializer.Serialize(new { id = $"viggo-{stem}-{pair.Line}", text = pair.Text, mr = pair.Mr, receivedAt })).Append('\n');
        }

        return content.ToString();
    }

    private async Task<TextReader> OpenAsync(string from, CancellationToken cancellationToken)
    {
        if (IsUrl(from))
        {
            using HttpResponseMessage response = await http.GetAsync(new Uri(from), cancellationToken);
            response.EnsureSuccessStatusCode();
            return new StringReader(await response.Content.ReadAsStringAsync(cancellationToken));
        }

        return File.Exists(from)
            ? new StreamReader(from, Encoding.UTF8)
            : throw new FileNotFoundException($"There is no file '{from}'.", from);
    }

    private static bool IsUrl(string from) =>
        Uri.TryCreate(from, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
