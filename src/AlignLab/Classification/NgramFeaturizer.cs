using System.Runtime.CompilerServices;
using AlignLab.Rules;

namespace AlignLab.Classification;

/// <summary>
/// Hashed n-gram features of normalised text: word unigrams and bigrams, and character 3- and 4-grams of
/// each word with boundary marks (so "hack" gives "&lt;ha", "hac", "ack", "ck&gt;", "&lt;hac", "hack", "ack&gt;").
/// Character n-grams make the model robust to spelling variants and unseen inflections; word bigrams
/// capture short phrases ("pipe bomb"). <see cref="FeatureSet.WordTrigrams"/> adds word trigrams and
/// <see cref="FeatureSet.CrossWordChar5"/> adds character 5-grams that span a word boundary ("a pi", "o bui"),
/// which see short phrases through spelling variants. Linear in the text length; allocates nothing.
/// </summary>
internal static class NgramFeaturizer
{
    private const uint WordSeed = 0x9E37_79B9;
    private const uint BigramSeed = 0x85EB_CA6B;
    private const uint Char3Seed = 0xC2B2_AE35;
    private const uint Char4Seed = 0x27D4_EB2F;
    private const uint TrigramSeed = 0x1656_67B1;
    private const uint Cross5Seed = 0xD3A2_646C;
    private const int CrossN = 5;
    private const char Boundary = '\u0001';

    /// <summary>Extracts features of <paramref name="text"/> into <paramref name="sink"/>; returns how many were emitted.</summary>
    public static int Extract<TSink>(ReadOnlySpan<char> text, int bucketMask, ref TSink sink, FeatureSet features, int maxFeatures = int.MaxValue)
        where TSink : struct, IFeatureSink
    {
        var count = 0;
        var trigrams = (features & FeatureSet.WordTrigrams) != 0;
        var secondWord = 0u;
        var secondStart = -1;
        var previousWord = 0u;
        var previousStart = -1;
        var i = 0;
        while (i < text.Length && count < maxFeatures)
        {
            while (i < text.Length && !WordTokenizer.IsWordChar(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && WordTokenizer.IsWordChar(text[i]))
            {
                i++;
            }

            var length = i - start;
            if (length == 0)
            {
                break;
            }

            // Very long "words" (hashes, base64 leftovers) carry no signal: cap their n-grams.
            var word = text.Slice(start, Math.Min(length, 40));
            var wordHash = StableHash.Of(word, WordSeed);
            sink.Add((int)(wordHash & (uint)bucketMask), start, length);
            count++;
            if (previousStart >= 0)
            {
                var bigram = StableHash.Finish(StableHash.Add(StableHash.Add(StableHash.Start(BigramSeed), previousWord), wordHash));
                sink.Add((int)(bigram & (uint)bucketMask), previousStart, i - previousStart);
                count++;
            }

            if (trigrams && secondStart >= 0)
            {
                var trigram = StableHash.Finish(StableHash.Add(StableHash.Add(StableHash.Add(StableHash.Start(TrigramSeed), secondWord), previousWord), wordHash));
                sink.Add((int)(trigram & (uint)bucketMask), secondStart, i - secondStart);
                count++;
            }

            secondWord = previousWord;
            secondStart = previousStart;
            previousWord = wordHash;
            previousStart = start;
            count += CharGrams(word, start, bucketMask, ref sink);
        }

        if ((features & FeatureSet.CrossWordChar5) != 0 && count < maxFeatures)
        {
            count += CrossWordGrams(text, bucketMask, ref sink);
        }

        return count;
    }

    /// <summary>
    /// Character 5-grams over the text with each run of non-word characters read as one space, emitted only
    /// when a space sits strictly inside (in-word n-grams are features already).
    /// </summary>
    private static int CrossWordGrams<TSink>(ReadOnlySpan<char> text, int bucketMask, ref TSink sink)
        where TSink : struct, IFeatureSink
    {
        // The last five characters of the folded text and where each sits in the original, oldest first, kept in
        // locals (a sliding window without copying).
        char c0 = ' ', c1 = ' ', c2 = ' ', c3 = ' ', c4 = ' ';
        int p0 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0;
        var filled = 0;
        var count = 0;
        var afterSpace = true;
        for (var i = 0; i <= text.Length; i++)
        {
            char c;
            if (i < text.Length && WordTokenizer.IsWordChar(text[i]))
            {
                c = text[i];
                afterSpace = false;
            }
            else if (afterSpace)
            {
                continue;
            }
            else
            {
                c = ' ';
                afterSpace = true;
            }

            (c0, c1, c2, c3, c4) = (c1, c2, c3, c4, c);
            (p0, p1, p2, p3, p4) = (p1, p2, p3, p4, i);
            if (++filled < CrossN || (c1 != ' ' && c2 != ' ' && c3 != ' '))
            {
                continue;
            }

            var h = StableHash.Start(Cross5Seed);
            h = StableHash.Add(h, c0);
            h = StableHash.Add(h, c1);
            h = StableHash.Add(h, c2);
            h = StableHash.Add(h, c3);
            h = StableHash.Add(h, c4);
            var end = Math.Min(text.Length, p4 + 1);
            sink.Add((int)(StableHash.Finish(h) & (uint)bucketMask), p0, Math.Max(1, end - p0));
            count++;
        }

        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static char At(ReadOnlySpan<char> word, int index) =>
        index < 0 || index >= word.Length ? Boundary : word[index];

    private static int CharGrams<TSink>(ReadOnlySpan<char> word, int offset, int bucketMask, ref TSink sink)
        where TSink : struct, IFeatureSink
    {
        // Positions run over the word padded with one boundary mark on each side.
        var count = 0;
        var padded = word.Length + 2;
        for (var p = 0; p + 3 <= padded; p++)
        {
            var h = StableHash.Start(Char3Seed);
            h = StableHash.Add(h, At(word, p - 1));
            h = StableHash.Add(h, At(word, p));
            h = StableHash.Add(h, At(word, p + 1));
            var s = Math.Max(0, p - 1);
            var e = Math.Min(word.Length, p + 2);
            sink.Add((int)(StableHash.Finish(h) & (uint)bucketMask), offset + s, e - s);
            count++;
            if (p + 4 <= padded)
            {
                h = StableHash.Add(h, At(word, p + 2));
                h = StableHash.Add(h, Char4Seed);
                e = Math.Min(word.Length, p + 3);
                sink.Add((int)(StableHash.Finish(h) & (uint)bucketMask), offset + s, e - s);
                count++;
            }
        }

        return count;
    }
}
