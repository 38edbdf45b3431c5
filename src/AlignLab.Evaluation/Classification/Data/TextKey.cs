using System.Text;

namespace AlignLab.Classification.Data;

/// <summary>The normalisation key used to find duplicates: lower-case letters and digits only, runs of anything else collapsed to one space, trimmed.</summary>
public static class TextKey
{
    /// <summary>The key of a text ("" when it has no letter or digit).</summary>
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                pendingSpace = false;
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pendingSpace = true;
            }
        }

        return sb.ToString();
    }

    /// <summary>The first <paramref name="length"/> characters of the key (the jailbreak template group).</summary>
    public static string Prefix(string text, int length)
    {
        var key = Of(text);
        return key.Length <= length ? key : key[..length];
    }
}
