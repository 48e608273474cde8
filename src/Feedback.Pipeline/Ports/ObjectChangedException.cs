namespace Feedback.Pipeline.Ports;

/// <summary>A conditional write lost: the object changed (or appeared) since it was read.</summary>
public sealed class ObjectChangedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ObjectChangedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What changed.</param>
    public ObjectChangedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What changed.</param>
    /// <param name="innerException">The cause.</param>
    public ObjectChangedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
