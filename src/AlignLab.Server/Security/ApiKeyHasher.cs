using System.Security.Cryptography;
using System.Text;

namespace AlignLab.Server.Security;

/// <summary>Keys are stored and compared only as SHA-256 hashes: a leaked config file does not leak a usable key.</summary>
public static class ApiKeyHasher
{
    /// <summary>Lower-case hex SHA-256 of the key's UTF-8 bytes.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>Whether the text looks like a hash made by <see cref="Hash"/> (64 hex digits).</summary>
    public static bool IsHash(string? text) => text is { Length: 64 } && text.All(Uri.IsHexDigit);

    /// <summary>Makes a new random key (32 bytes, URL-safe base64 with an <c>al-</c> prefix).</summary>
    public static string NewKey()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return "al-" + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
