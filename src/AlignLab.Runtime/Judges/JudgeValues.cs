using System.Globalization;
using System.Text;
using AlignLab.Constitutions;

namespace AlignLab.Runtime.Judges;

/// <summary>Conversions shared by the parsers: scores, yes/no answers and category names.</summary>
internal static class JudgeValues
{
    /// <summary>Reads a probability in [0, 1] from a number, a numeric string ("0.7", "70%") or a boolean-like word.</summary>
    public static bool TryUnit(object? value, out double unit)
    {
        unit = 0;
        switch (value)
        {
            case double d when double.IsFinite(d) && d is >= 0 and <= 1:
                unit = d;
                return true;
            case bool b:
                unit = b ? 1 : 0;
                return true;
            case string s:
                return TryUnit(s, out unit);
            default:
                return false;
        }
    }

    /// <summary>Reads a probability from text: "0.7", ".7", "70%", "yes"/"no", "true"/"false", "unsafe"/"safe".</summary>
    public static bool TryUnit(string text, out double unit)
    {
        unit = 0;
        var t = text.Trim().Trim('"', '\'', ' ');
        if (TryYesNo(t, out var yes))
        {
            unit = yes ? 1 : 0;
            return true;
        }

        var percent = t.EndsWith('%');
        if (percent)
        {
            t = t[..^1].TrimEnd();
        }

        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
        {
            return false;
        }

        if (percent)
        {
            d /= 100;
        }

        if (d is < 0 or > 1)
        {
            return false;
        }

        unit = d;
        return true;
    }

    /// <summary>Reads yes/no-like words (yes, no, y, n, true, false, unsafe, safe, violation, none).</summary>
    public static bool TryYesNo(string text, out bool yes)
    {
        switch (text.Trim().Trim('"', '\'', '.', '!', ',', ' ').ToLowerInvariant())
        {
            case "yes" or "y" or "true" or "unsafe" or "violation" or "violated" or "1":
                yes = true;
                return true;
            case "no" or "n" or "false" or "safe" or "none" or "0":
                yes = false;
                return true;
            default:
                yes = false;
                return false;
        }
    }

    /// <summary>Maps a code (S1), id (violent_crimes), alias (violence) or display name (Violent Crimes) to a category id.</summary>
    public static bool TryMapCategory(string? token, out string id)
    {
        id = string.Empty;
        if (string.IsNullOrWhiteSpace(token))
        {
            return false;
        }

        var t = token.Trim().Trim('"', '\'', '.', ',', ';', ':', '*', '`', '[', ']', '(', ')', ' ');
        if (HarmCategory.TryFind(t, out var found) || HarmCategory.TryFind(Slug(t), out found))
        {
            id = found.Id;
            return true;
        }

        // "S1: Violent Crimes" or "S1 - Violent crimes": the leading code decides.
        var end = 0;
        while (end < t.Length && char.IsLetterOrDigit(t[end]))
        {
            end++;
        }

        if (end > 0 && end < t.Length && HarmCategory.TryFind(t[..end], out found) && found.Code.Equals(t[..end], StringComparison.OrdinalIgnoreCase))
        {
            id = found.Id;
            return true;
        }

        var slug = Slug(t);
        foreach (var c in HarmCategory.All)
        {
            if (Slug(c.DisplayName) == slug)
            {
                id = c.Id;
                return true;
            }
        }

        return false;
    }

    /// <summary>Lower-case letters and digits with single underscores between words ("Suicide &amp; Self-Harm" → "suicide_self_harm").</summary>
    public static string Slug(string text)
    {
        var sb = new StringBuilder(text.Length);
        var pendingSeparator = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSeparator && sb.Length > 0)
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
                pendingSeparator = false;
            }
            else
            {
                pendingSeparator = true;
            }
        }

        return sb.ToString();
    }

    /// <summary>Formats a number for prompts and reasons, culture-independently.</summary>
    public static string Format(double value, string format = "0.###") => value.ToString(format, CultureInfo.InvariantCulture);
}
