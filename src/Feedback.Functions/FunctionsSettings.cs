using Feedback.Integrations.Anyscale;
using Feedback.Integrations.Metrics;
using Feedback.Integrations.Slack;
using Feedback.Integrations.Snowflake;
using Feedback.Integrations.Storage;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Structuring;
using Feedback.Pipeline.Triggers;

namespace Feedback.Functions;

/// <summary>
/// The settings the Functions app reads: its options classes with their configuration sections, and
/// the host settings outside them. The settings-coverage test checks this list against the app's
/// registrations and against the app settings of infra/main.bicep.
/// </summary>
public static class FunctionsSettings
{
    /// <summary>The options classes the app binds, by section.</summary>
    public static IReadOnlyList<(string Section, Type Options)> Options { get; } =
    [
        (TriggerOptions.Section, typeof(TriggerOptions)),
        (DataUpdateOptions.Section, typeof(DataUpdateOptions)),
        (ObjectStoreOptions.Section, typeof(ObjectStoreOptions)),
        (MetricsOptions.Section, typeof(MetricsOptions)),
        (SnowflakeOptions.Section, typeof(SnowflakeOptions)),
        (AnyscaleOptions.Section, typeof(AnyscaleOptions)),
        (FineTuneOptions.Section, typeof(FineTuneOptions)),
        (ServingOptions.Section, typeof(ServingOptions)),
        (ModelUpdateOptions.Section, typeof(ModelUpdateOptions)),
        (Feedback.Core.Evaluation.DecisionOptions.Section, typeof(Feedback.Core.Evaluation.DecisionOptions)),
        (StructuringOptions.Section, typeof(StructuringOptions)),
        (SlackOptions.Section, typeof(SlackOptions)),
        (Feedback.Api.Http.ApiOptions.Section, typeof(Feedback.Api.Http.ApiOptions)),
    ];

    /// <summary>Settings read outside the options classes: the identity-based storage connection and telemetry.</summary>
    public static IReadOnlyList<string> HostSettings { get; } =
    [
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
    ];
}
