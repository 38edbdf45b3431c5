using System.Buffers.Binary;
using System.Security.Cryptography;

namespace AlignLab.Server.Audit;

/// <summary>
/// Audit ids: UUID version 7 (RFC 9562: 48 bits of Unix milliseconds, then 74 random bits), as 32 hex digits, so they sort
/// by time. The random bits come from the operating system's cryptographic generator in blocks of 4 KiB per thread:
/// <see cref="Guid.CreateVersion7()"/> read the generator once per id, a system call on every request (issue 14 item 18).
/// </summary>
internal static class AuditIds
{
    private const int RandomBytesPerId = 10;
    private const int BlockBytes = 4096 - (4096 % RandomBytesPerId);

    [ThreadStatic]
    private static byte[]? t_block;

    [ThreadStatic]
    private static int t_used;

    /// <summary>A new id for a record made at <paramref name="now"/>.</summary>
    public static string New(DateTimeOffset now)
    {
        var block = t_block;
        if (block is null || t_used == BlockBytes)
        {
            block = t_block ??= new byte[BlockBytes];
            RandomNumberGenerator.Fill(block);
            t_used = 0;
        }

        var random = block.AsSpan(t_used, RandomBytesPerId);
        t_used += RandomBytesPerId;
        Span<byte> bytes = stackalloc byte[16];
        Span<byte> millis = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(millis, Math.Max(0, now.ToUnixTimeMilliseconds()));
        millis[2..].CopyTo(bytes);
        bytes[6] = (byte)(0x70 | (random[0] & 0x0F));
        bytes[7] = random[1];
        bytes[8] = (byte)(0x80 | (random[2] & 0x3F));
        random[3..].CopyTo(bytes[9..]);
        random.Clear();
        return new Guid(bytes, bigEndian: true).ToString("N");
    }
}
