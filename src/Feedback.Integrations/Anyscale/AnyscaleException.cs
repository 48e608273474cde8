using System.Net;

namespace Feedback.Integrations.Anyscale;

/// <summary>A call to Anyscale failed; the message says which call and why, never the token.</summary>
public sealed class AnyscaleException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AnyscaleException(string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException) => StatusCode = statusCode;

    /// <summary>Creates the exception.</summary>
    public AnyscaleException() : this("Anyscale call failed") { }

    /// <summary>Creates the exception.</summary>
    public AnyscaleException(string message) : this(message, null, null) { }

    /// <summary>Creates the exception.</summary>
    public AnyscaleException(string message, Exception innerException) : this(message, null, innerException) { }

    /// <summary>The HTTP status, when the platform answered.</summary>
    public HttpStatusCode? StatusCode { get; }
}
