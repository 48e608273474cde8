using System.Security.Cryptography;
using Feedback.Core.Records;

namespace Feedback.Core.Tests;

public sealed class Sha256NativeTests
{
    [Fact]
    public void HashData_EveryLengthUpTo1000_EqualsDotNetsSha256()
    {
        byte[] input = new byte[1000];
        new Random(7).NextBytes(input);
        Span<byte> native = stackalloc byte[32];
        for (int length = 0; length <= input.Length; length++)
        {
            Sha256Native.HashData(input.AsSpan(0, length), native);
            Assert.True(native.SequenceEqual(SHA256.HashData(input.AsSpan(0, length))), $"length {length}");
        }
    }

    [Fact]
    public void IsNative_OnLinux_UsesLibcryptoDirectly()
    {
        // .NET itself needs libcrypto 3 on Linux, so the direct path must be found there.
        Assert.Equal(OperatingSystem.IsLinux(), Sha256Native.IsNative);
    }
}
