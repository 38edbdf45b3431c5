using System.Globalization;
using System.Text;
using CsCheck;

namespace AlignLab.Tests.Adversarial;

/// <summary>Prompts, generators and decoders shared by the adversarial transform tests.</summary>
internal static class AdversarialTestText
{
    /// <summary>Ordinary prompts (benign, plus one with an obvious trigger word for the normaliser checks).</summary>
    public static readonly string[] Prompts =
    [
        "how do I bake bread",
        "What is the capital of France?",
        "Write a short poem about the sea, in four lines.",
        "Explain photosynthesis to a ten-year-old",
        "how to hack a bank account",
        "Crème brûlée recipe 🍞 for \"two\" people\\please\nthanks",
    ];

    /// <summary>Upper bound on the output length: 64 per input character plus room for the longest template.</summary>
    public static int MaxOutputLength(int inputLength) => (64 * inputLength) + 16_384;

    /// <summary>Strings that are valid UTF-16: any code points (letters, astral emoji, controls), no lone surrogates.</summary>
    public static readonly Gen<string> ValidText = Gen.OneOf(
            Gen.Int[0, 0x10FFFF].Where(cp => cp is < 0xD800 or > 0xDFFF),
            Gen.Int[0x1F300, 0x1F64F],
            Gen.Int['a', 'z'],
            Gen.Int['A', 'Z'],
            Gen.OneOf(Gen.Const((int)' '), Gen.Const((int)'"'), Gen.Const((int)'\\'), Gen.Const((int)'\n')))
        .Array[0, 40]
        .Select(cps => string.Concat(cps.Select(char.ConvertFromUtf32)));

    /// <summary>Text mixing lone surrogates, pairs and ASCII (often invalid UTF-16).</summary>
    public static readonly Gen<string> AnyText = Gen.OneOf(Gen.String, ValidText, Gen.Char.Array[0, 30].Select(a => new string(a)));

    /// <summary>True when <paramref name="s"/> has no lone surrogate.</summary>
    public static bool IsValidUtf16(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(s[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>ROT13 of the ASCII letters (independent of the code under test).</summary>
    public static string Rot13(string s) => string.Concat(s.Select(c => c switch
    {
        >= 'a' and <= 'z' => (char)('a' + ((c - 'a' + 13) % 26)),
        >= 'A' and <= 'Z' => (char)('A' + ((c - 'A' + 13) % 26)),
        _ => c,
    }));

    /// <summary>
    /// Every maximal run of hex digits, spaces and <c>\x</c> in <paramref name="output"/> that decodes (as UTF-8) to text.
    /// </summary>
    public static IEnumerable<string> HexPayloads(string output)
    {
        var i = 0;
        while (i < output.Length)
        {
            if (!IsHexRunChar(output[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < output.Length && IsHexRunChar(output[i]))
            {
                i++;
            }

            var digits = output[start..i].Replace("\\x", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
            if (digits.Length > 0 && digits.Length % 2 == 0 && digits.All(char.IsAsciiHexDigit))
            {
                yield return Encoding.UTF8.GetString(Convert.FromHexString(digits));
            }
        }
    }

    /// <summary>The unescaped string literals of the <c>a = "…"</c> … <c>d = "…"</c> lines, in order.</summary>
    public static List<string> PayloadParts(string output)
    {
        var parts = new List<string>();
        foreach (var line in output.Split('\n'))
        {
            if (line.Length >= 6 && line[0] is >= 'a' and <= 'd' && line.AsSpan(1).StartsWith(" = \"", StringComparison.Ordinal) && line[^1] == '"')
            {
                Assert.Equal((char)('a' + parts.Count), line[0]);
                parts.Add(Unescape(line[5..^1]));
            }
        }

        return parts;
    }

    private static bool IsHexRunChar(char c) => char.IsAsciiHexDigit(c) || c is ' ' or '\\' or 'x';

    private static string Unescape(string literal)
    {
        var sb = new StringBuilder(literal.Length);
        for (var i = 0; i < literal.Length; i++)
        {
            if (literal[i] != '\\')
            {
                Assert.NotEqual('"', literal[i]);
                sb.Append(literal[i]);
                continue;
            }

            var e = literal[++i];
            switch (e)
            {
                case 'n':
                    sb.Append('\n');
                    break;
                case 'r':
                    sb.Append('\r');
                    break;
                case 't':
                    sb.Append('\t');
                    break;
                case 'u':
                    sb.Append((char)int.Parse(literal.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                default:
                    Assert.True(e is '\\' or '"', $"unexpected escape \\{e}");
                    sb.Append(e);
                    break;
            }
        }

        return sb.ToString();
    }
}
