namespace Feedback.Pipeline.Ports;

/// <summary>One version of a service.</summary>
/// <param name="Id">Version id.</param>
/// <param name="Version">Version label.</param>
/// <param name="State">What its platform state means.</param>
/// <param name="Weight">Traffic it gets now (percent).</param>
/// <param name="TargetWeight">Traffic it is meant to get.</param>
/// <param name="CreatedAt">When it started.</param>
/// <remarks>
/// The platform's version objects carry no model id: which model a version serves is known from the
/// <see cref="Version"/> label the client set when it applied (<see cref="ServedModel.Version"/>).
/// </remarks>
public sealed record ServiceVersionInfo(string Id, string Version, ServicePhase State, int Weight, int TargetWeight, DateTimeOffset? CreatedAt);
