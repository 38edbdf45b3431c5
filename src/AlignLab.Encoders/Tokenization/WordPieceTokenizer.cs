using System.Buffers;
using System.Globalization;
using System.Text;

namespace AlignLab.Encoders.Tokenization;

/// <summary>
/// The uncased BERT tokenizer (as in the reference BasicTokenizer + WordpieceTokenizer): drops NUL, U+FFFD and control
/// characters, splits on white space, puts every CJK ideograph on its own, lower-cases, strips accents (NFD, then
/// non-spacing marks removed), splits punctuation off, then cuts each word into the longest vocabulary pieces from the
/// left ("##" for continuations); a word with no such cut, or over <see cref="MaxWordChars"/> characters, is one
/// <c>[UNK]</c>. Linear in the text's length; thread-safe.
/// </summary>
public sealed class WordPieceTokenizer(WordPieceVocabulary vocabulary)
{
    /// <summary>Longer words are <c>[UNK]</c> (the reference's max_input_chars_per_word).</summary>
    public const int MaxWordChars = 100;

    /// <summary>The vocabulary.</summary>
    public WordPieceVocabulary Vocabulary { get; } = vocabulary ?? throw new ArgumentNullException(nameof(vocabulary));

    /// <summary>The ids of <paramref name="text"/>'s word pieces (no [CLS]/[SEP]), appended to <paramref name="ids"/>.</summary>
    public void Encode(ReadOnlySpan<char> text, List<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var word = new StringBuilder(32);
        Span<char> single = stackalloc char[2];
        var i = 0;
        while (i < text.Length)
        {
            if (Rune.DecodeFromUtf16(text[i..], out var rune, out var consumed) != OperationStatus.Done)
            {
                // A lone surrogate: dropped like U+FFFD.
                i += Math.Max(consumed, 1);
                continue;
            }

            i += consumed;
            var value = rune.Value;
            if (value == 0 || value == 0xFFFD)
            {
                continue;
            }

            if (IsWhitespace(rune))
            {
                Flush(word, ids);
                continue;
            }

            if (IsControl(rune))
            {
                continue;
            }

            if (IsCjk(value) || IsPunctuation(rune))
            {
                Flush(word, ids);
                var n = rune.EncodeToUtf16(single);
                Piece(single[..n], ids);
                continue;
            }

            AppendFolded(word, rune, ids);
        }

        Flush(word, ids);
    }

    /// <summary>The word pieces of a text as strings (for tests and traces).</summary>
    public IReadOnlyList<string> Tokenize(string text)
    {
        var ids = new List<int>();
        Encode(text, ids);
        return ids.Select(id => Vocabulary.Tokens[id]).ToList();
    }

    /// <summary>Lower-cases a character and strips its accents; punctuation produced by the decomposition splits the word.</summary>
    private void AppendFolded(StringBuilder word, Rune rune, List<int> ids)
    {
        if (rune.IsAscii)
        {
            word.Append((char)Rune.ToLowerInvariant(rune).Value);
            return;
        }

        var lower = Rune.ToLowerInvariant(rune).ToString();
        var decomposed = lower.IsNormalized(NormalizationForm.FormD) ? lower : lower.Normalize(NormalizationForm.FormD);
        foreach (var r in decomposed.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(r) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (IsPunctuation(r))
            {
                Flush(word, ids);
                Piece(r.ToString(), ids);
                continue;
            }

            word.Append(r.ToString());
        }
    }

    private void Flush(StringBuilder word, List<int> ids)
    {
        if (word.Length == 0)
        {
            return;
        }

        if (word.Length <= 256)
        {
            Span<char> buffer = stackalloc char[word.Length];
            word.CopyTo(0, buffer, word.Length);
            Piece(buffer, ids);
        }
        else
        {
            Piece(word.ToString(), ids);
        }

        word.Clear();
    }

    /// <summary>Greedy longest-match-first WordPiece of one basic token.</summary>
    private void Piece(ReadOnlySpan<char> token, List<int> ids)
    {
        if (token.Length > MaxWordChars)
        {
            ids.Add(Vocabulary.UnknownId);
            return;
        }

        var mark = ids.Count;
        Span<char> candidate = stackalloc char[MaxWordChars + 2];
        var start = 0;
        while (start < token.Length)
        {
            var found = -1;
            var end = token.Length;
            while (end > start)
            {
                int id;
                if (start == 0)
                {
                    id = Vocabulary.IdOf(token[start..end]);
                }
                else
                {
                    candidate[0] = '#';
                    candidate[1] = '#';
                    token[start..end].CopyTo(candidate[2..]);
                    id = Vocabulary.IdOf(candidate[..(end - start + 2)]);
                }

                if (id >= 0)
                {
                    found = id;
                    break;
                }

                end--;
            }

            if (found < 0)
            {
                ids.RemoveRange(mark, ids.Count - mark);
                ids.Add(Vocabulary.UnknownId);
                return;
            }

            ids.Add(found);
            start = end;
        }
    }

    private static bool IsWhitespace(Rune r) =>
        r.Value is ' ' or '\t' or '\n' or '\r' || Rune.GetUnicodeCategory(r) == UnicodeCategory.SpaceSeparator;

    private static bool IsControl(Rune r)
    {
        if (r.Value is '\t' or '\n' or '\r')
        {
            return false;
        }

        return Rune.GetUnicodeCategory(r) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse
            or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned;
    }

    private static bool IsPunctuation(Rune r)
    {
        var v = r.Value;
        if (v is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126))
        {
            return true;
        }

        return Rune.GetUnicodeCategory(r) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    private static bool IsCjk(int v) =>
        v is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF) or (>= 0x2A700 and <= 0x2B73F)
            or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);
}
