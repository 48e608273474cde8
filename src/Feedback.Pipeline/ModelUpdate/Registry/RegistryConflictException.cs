namespace Feedback.Pipeline.ModelUpdate;

/// <summary>A registry change refused because the registry is not in the state the change expects (another rollout won).</summary>
public sealed class RegistryConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RegistryConflictException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What differs.</param>
    public RegistryConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What differs.</param>
    /// <param name="innerException">The cause.</param>
    public RegistryConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
