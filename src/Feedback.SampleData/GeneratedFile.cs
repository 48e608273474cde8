using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Feedback.Core.FineTuning;
using Feedback.Core.Mr;
using Feedback.Core.Records;

namespace Feedback.SampleData;

/// <summary>One file of the generated data set: a path relative to <c>data/</c> and its text.</summary>
/// <param name="Path">Relative path with forward slashes.</param>
/// <param name="Content">UTF-8 text, LF line endings.</param>
public sealed record GeneratedFile(string Path, string Content);
