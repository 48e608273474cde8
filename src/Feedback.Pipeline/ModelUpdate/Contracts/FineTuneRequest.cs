namespace Feedback.Pipeline.ModelUpdate;

/// <summary>A fine-tune to run.</summary>
/// <param name="JobName">The job's base name, deterministic (from the dataset version and model suffix); attempt n runs as <c>{JobName}-a{n}</c>.</param>
/// <param name="Entrypoint">The job's command (names the YAML).</param>
/// <param name="WorkingDirectory">Where the YAML and data are.</param>
/// <param name="EnvironmentVariables">Environment of the job (never secrets).</param>
/// <param name="ModelId">The fine-tuned model id the job produces.</param>
/// <param name="Policy">Polling, timeout and attempts.</param>
public sealed record FineTuneRequest(
    string JobName,
    string Entrypoint,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> EnvironmentVariables,
    string ModelId,
    FineTunePolicy Policy);
