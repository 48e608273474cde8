namespace Feedback.Integrations.Queues;

/// <summary>The options type whose start-time validation checks that the storage connection is configured.</summary>
public sealed class StorageConnectionCheck;
