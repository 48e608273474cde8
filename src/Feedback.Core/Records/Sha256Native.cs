using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Feedback.Core.Records;

/// <summary>
/// SHA-256 of short inputs without the per-call cost of <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/>.
/// On Linux .NET hashes through OpenSSL 3's EVP layer, which costs about 0.5 µs a call whatever the input
/// (a digest fetch and a context per call): four times the hashing itself for a 200-byte feedback row. Where
/// libcrypto 3 exports its plain SHA-256 functions, they are called directly (the same library, the same
/// digest, the context on the stack); anywhere else, and if the native result ever differed from .NET's on
/// the check made at load, .NET's own call is used.
/// </summary>
public static unsafe class Sha256Native
{
    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, int> Init;
    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int> Update;
    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int> Final;

    static Sha256Native()
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libcrypto.so.3", out IntPtr library))
        {
            return;
        }

        if (NativeLibrary.TryGetExport(library, "SHA256_Init", out IntPtr init)
            && NativeLibrary.TryGetExport(library, "SHA256_Update", out IntPtr update)
            && NativeLibrary.TryGetExport(library, "SHA256_Final", out IntPtr final))
        {
            Init = (delegate* unmanaged[SuppressGCTransition]<byte*, int>)init;
            Update = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int>)update;
            Final = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int>)final;
            if (!AgreesWithDotNet())
            {
                Init = null;
            }
        }
    }

    /// <summary>Whether the direct native path is in use (else .NET's <see cref="SHA256"/>).</summary>
    public static bool IsNative => Init != null;

    /// <summary>Writes the SHA-256 of <paramref name="data"/> to <paramref name="hash"/> (32 bytes).</summary>
    /// <param name="data">The input.</param>
    /// <param name="hash">The 32-byte destination.</param>
    public static void HashData(ReadOnlySpan<byte> data, Span<byte> hash)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hash.Length, 32);
        if (Init == null)
        {
            SHA256.HashData(data, hash);
            return;
        }

        // SHA256_CTX is 112 bytes in OpenSSL 3.
        byte* context = stackalloc byte[128];
        fixed (byte* input = data)
        fixed (byte* output = hash)
        {
            if (Init(context) != 1 || Update(context, input, (nuint)data.Length) != 1 || Final(output, context) != 1)
            {
                SHA256.HashData(data, hash);
            }
        }
    }

    private static bool AgreesWithDotNet()
    {
        Span<byte> input = stackalloc byte[300];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (byte)(i * 7);
        }

        Span<byte> native = stackalloc byte[32];
        Span<byte> managed = stackalloc byte[32];
        foreach (int length in (int[])[0, 1, 55, 56, 64, 119, 300])
        {
            HashData(input[..length], native);
            SHA256.HashData(input[..length], managed);
            if (!native.SequenceEqual(managed))
            {
                return false;
            }
        }

        return true;
    }
}
