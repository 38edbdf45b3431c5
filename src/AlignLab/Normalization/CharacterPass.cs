using System.Buffers;
using System.Text;

namespace AlignLab.Normalization;

/// <summary>
/// Steps 1–4 of normalisation in one left-to-right pass: compatibility folding, removal of invisible and bidi
/// characters, diacritic stripping, homoglyph folding and invariant lower-casing. Runs of printable ASCII, tabs and
/// line breaks are lower-cased with vectorised code and keep the identity map; ASCII control characters take the
/// per-character path, which removes them.
/// </summary>
internal static class CharacterPass
{
    public static NormBuffer Run(string input, CharFolder folder, EventCollector events)
    {
        var span = input.AsSpan();
        var n = span.Length;
        var buffer = new NormBuffer(n + 16);

        // Output may grow (ligatures, ﷺ); past this budget expansions are cut to one character so memory stays linear.
        var maxOutput = (4L * n) + 64;
        var i = 0;
        while (i < n)
        {
            var asciiRun = span[i..].IndexOfAnyExcept(AsciiText.PlainChars);
            if (asciiRun < 0)
            {
                asciiRun = n - i;
            }

            if (asciiRun > 0)
            {
                buffer.AppendAsciiLower(span.Slice(i, asciiRun), i);
                i += asciiRun;
                if (i >= n)
                {
                    break;
                }
            }

            if (Rune.DecodeFromUtf16(span[i..], out var rune, out var consumed) != OperationStatus.Done)
            {
                // Lone surrogate: keep a replacement character so the position is still visible.
                consumed = Math.Max(1, consumed);
                buffer.Append('\uFFFD', i, i + consumed);
                i += consumed;
                continue;
            }

            var info = folder.Get(rune.Value);
            var end = i + consumed;
            switch (info.Action)
            {
                case FoldAction.Remove:
                    break;
                case FoldAction.Mark:
                    buffer.ExtendLast(end);
                    break;
                default:
                    var output = info.Output;
                    if (info.IsIdentity && consumed == output.Length)
                    {
                        for (var k = 0; k < consumed; k++)
                        {
                            buffer.Append(span[i + k], i + k, i + k + 1);
                        }
                    }
                    else
                    {
                        var count = buffer.Length + output.Length > maxOutput ? Math.Min(1, output.Length) : output.Length;
                        for (var k = 0; k < count; k++)
                        {
                            buffer.Append(output[k], i, end);
                        }
                    }

                    break;
            }

            var kinds = info.Kinds;
            while (kinds != 0)
            {
                var kind = System.Numerics.BitOperations.TrailingZeroCount(kinds);
                kinds &= kinds - 1;
                events.AddTouching((TransformKind)kind, i, end, info.Detail);
            }

            i = end;
        }

        return buffer;
    }
}
