namespace Feedback.Pipeline.Structuring;

/// <summary>The model could not be reached to structure feedback (no service deployed yet, the platform down).</summary>
public sealed class ModelUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelUnavailableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public ModelUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public ModelUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
