namespace Feedback.Host.Api;

/// <summary>The management URLs returned when an orchestration starts, as Durable Functions returns them.</summary>
/// <param name="Id">The instance id.</param>
/// <param name="StatusQueryGetUri">GET: the instance's status.</param>
/// <param name="SendEventPostUri">POST: raise an event (replace <c>{eventName}</c>).</param>
/// <param name="TerminatePostUri">POST: terminate (replace <c>{text}</c> with a reason).</param>
/// <param name="PurgeHistoryDeleteUri">DELETE: purge the instance's history.</param>
public sealed record CheckStatusResponse(
    string Id,
    Uri StatusQueryGetUri,
    Uri SendEventPostUri,
    Uri TerminatePostUri,
    Uri PurgeHistoryDeleteUri);
