using System.Text.Json.Serialization;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>How a data update ended (serialised as <c>new-version</c>, <c>no-new-objects</c>, <c>no-new-records</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DataUpdateOutcome>))]
public enum DataUpdateOutcome
{
    /// <summary>A new dataset version was made and announced.</summary>
    [JsonStringEnumMemberName("new-version")]
    NewVersion,

    /// <summary>No source object the ledger has not seen.</summary>
    [JsonStringEnumMemberName("no-new-objects")]
    NoNewObjects,

    /// <summary>New objects, but no record that the current version does not hold.</summary>
    [JsonStringEnumMemberName("no-new-records")]
    NoNewRecords,
}
