namespace Feedback.Host.Durable;

/// <summary>Where the self-hosted runtime keeps orchestration state.</summary>
public enum DurableBackend
{
    /// <summary>In process memory: nothing survives a restart. The embedded default.</summary>
    InMemory,

    /// <summary>The Durable Task Azure Storage backend (Azurite locally, a storage account in production): durable.</summary>
    AzureStorage,
}
