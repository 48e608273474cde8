namespace Feedback.Integrations.Snowflake;

/// <summary>Snowflake refused or failed a statement; the message says why (never the key or the token).</summary>
public sealed class SnowflakeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SnowflakeException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public SnowflakeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SnowflakeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status Snowflake answered, if it answered.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Snowflake's error code, e.g. <c>002003</c>.</summary>
    public string? Code { get; init; }

    /// <summary>The SQL state, e.g. <c>42S02</c>.</summary>
    public string? SqlState { get; init; }
}
