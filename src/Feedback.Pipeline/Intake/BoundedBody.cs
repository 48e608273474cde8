namespace Feedback.Pipeline.Intake;

/// <summary>Reads a request body with a size limit, so no route of either runtime buffers more than it accepts.</summary>
public static class BoundedBody
{
    /// <summary>The body's bytes, or null once it passes <paramref name="maxBytes"/> (checked on the declared length first, then while reading).</summary>
    /// <param name="body">The body stream.</param>
    /// <param name="declaredLength">The Content-Length, when the client sent one.</param>
    /// <param name="maxBytes">The most bytes accepted.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<byte[]?> ReadAsync(Stream body, long? declaredLength, int maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (declaredLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
