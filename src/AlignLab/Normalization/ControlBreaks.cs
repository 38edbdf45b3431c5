using System.Buffers;
using System.Text;

namespace AlignLab.Normalization;

/// <summary>
/// Builds the input of the <see cref="TextView.SeparatedSource"/> view: the raw input with every removable control
/// character (see <see cref="AsciiText.IsRemovableControl"/>) replaced by a space, one for one, so that offsets stay
/// the same.
/// </summary>
internal static class ControlBreaks
{
    /// <summary>
    /// When a run of control characters sits between two letters or digits, returns the input with every control
    /// character read as a space; otherwise false (controls only at word edges cannot join two words).
    /// </summary>
    public static bool TryReadAsSpaces(string input, out string separated)
    {
        separated = string.Empty;
        var span = input.AsSpan();
        var found = false;
        var i = span.IndexOfAnyExcept(AsciiText.PlainChars);
        while (i >= 0 && i < span.Length)
        {
            if (!AsciiText.IsRemovableControl(span[i]))
            {
                i++;
                continue;
            }

            var end = i + 1;
            while (end < span.Length && AsciiText.IsRemovableControl(span[end]))
            {
                end++;
            }

            if (IsLetterOrDigit(span[..i], last: true) && IsLetterOrDigit(span[end..], last: false))
            {
                found = true;
                break;
            }

            i = end;
        }

        if (!found)
        {
            return false;
        }

        separated = string.Create(input.Length, input, static (dst, src) =>
        {
            for (var k = 0; k < src.Length; k++)
            {
                dst[k] = AsciiText.IsRemovableControl(src[k]) ? ' ' : src[k];
            }
        });
        return true;
    }

    // The last (or first) code point of the text is a letter or digit; surrogate pairs are decoded (astral letters).
    private static bool IsLetterOrDigit(ReadOnlySpan<char> text, bool last)
    {
        var status = last ? Rune.DecodeLastFromUtf16(text, out var rune, out _) : Rune.DecodeFromUtf16(text, out rune, out _);
        return status == OperationStatus.Done && Rune.IsLetterOrDigit(rune);
    }
}
