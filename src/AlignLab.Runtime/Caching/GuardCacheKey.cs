using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using AlignLab.Constitutions;

namespace AlignLab.Runtime.Caching;

/// <summary>
/// Identifies one guard decision: the stage, context, profile and policy it was made under and a SHA-256 digest of
/// the text. The text itself is not kept, so a cache of keys holds no user content. The digest is computed over the
/// text's UTF-16 code units, so any two different strings (lone surrogates included) get different inputs.
/// </summary>
/// <param name="Stage">The stage (input, streaming, output).</param>
/// <param name="Context">The active context, if any.</param>
/// <param name="Profile">The active profile, if any.</param>
/// <param name="PolicyFingerprint">A string that changes whenever the policy changes (a content hash of the constitution and model).</param>
/// <param name="TextHashHigh">First 128 bits of the SHA-256 digest of the text.</param>
/// <param name="TextHashLow">Last 128 bits of the SHA-256 digest of the text.</param>
public readonly record struct GuardCacheKey(
    PolicyStage Stage,
    string? Context,
    string? Profile,
    string PolicyFingerprint,
    UInt128 TextHashHigh,
    UInt128 TextHashLow)
{
    /// <summary>The key of <paramref name="text"/> under the given stage, context, profile and policy.</summary>
    public static GuardCacheKey Create(PolicyStage stage, string? context, string? profile, string policyFingerprint, ReadOnlySpan<char> text)
    {
        ArgumentNullException.ThrowIfNull(policyFingerprint);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(text), digest);
        var high = new UInt128(BinaryPrimitives.ReadUInt64BigEndian(digest), BinaryPrimitives.ReadUInt64BigEndian(digest[8..]));
        var low = new UInt128(BinaryPrimitives.ReadUInt64BigEndian(digest[16..]), BinaryPrimitives.ReadUInt64BigEndian(digest[24..]));
        return new GuardCacheKey(stage, context, profile, policyFingerprint, high, low);
    }

    /// <summary>The text digest as 64 lower-case hex characters.</summary>
    public string TextHashHex => TextHashHigh.ToString("x32", System.Globalization.CultureInfo.InvariantCulture) + TextHashLow.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
}
