using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace AlignLab.Server.Preferences.Ratings;

/// <summary>
/// The order a rater sees an item's two answers in: a keyed hash of the batch's secret salt, the item and the rater, so
/// it is shuffled per item and per rater, the same on every reload (what is shown is what is recorded), and not
/// guessable from the page (the salt never leaves the server).
/// </summary>
internal static class RatingOrder
{
    /// <summary>Whether <paramref name="rater"/> sees the item's second answer as A.</summary>
    public static bool IsSwapped(string salt, long itemId, string rater)
    {
        ArgumentNullException.ThrowIfNull(salt);
        ArgumentNullException.ThrowIfNull(rater);
        Span<byte> id = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(id, itemId);
        var message = new byte[8 + Encoding.UTF8.GetMaxByteCount(rater.Length)];
        id.CopyTo(message);
        var length = 8 + Encoding.UTF8.GetBytes(rater, message.AsSpan(8));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(salt), message.AsSpan(0, length));
        return (mac[0] & 1) == 1;
    }

    /// <summary>A new random salt for a batch.</summary>
    public static string NewSalt() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}
