namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Input of the gate.</summary>
/// <param name="DatasetVersion">The dataset version the update is about.</param>
/// <param name="Holder">The model update's instance id, which takes the lease when it proceeds.</param>
/// <param name="Force">Proceed below the threshold (never when a model already covers the version).</param>
public sealed record GateRequest(string DatasetVersion, string Holder, bool Force);
