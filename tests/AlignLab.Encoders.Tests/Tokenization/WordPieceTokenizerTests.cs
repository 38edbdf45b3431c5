using AlignLab.Encoders.Onnx;
using AlignLab.Encoders.Tokenization;

namespace AlignLab.Encoders.Tests.Tokenization;

public sealed class WordPieceTokenizerTests
{
    /// <summary>
    /// Texts and their ids under the reference algorithm (transformers' uncased BasicTokenizer + WordpieceTokenizer,
    /// re-typed in reference_wordpiece.py and run on the bundled vocab.txt with Python's unicodedata). Microsoft.ML.Tokenizers
    /// 3.0's BertTokenizer was tried as the oracle and differs from the reference: it keeps "_" inside words, drops emoji
    /// and turns Hangul into [UNK] instead of decomposing it.
    /// </summary>
    public static TheoryData<string, int[]> ReferenceIds { get; } = new()
    {
        {
            "Hello, World!",
            [
            7592, 1010, 2088, 999
            ]
        },
        {
            "unaffable",
            [
            14477, 20961, 3468
            ]
        },
        {
            "Café RÉSUMÉ naïve",
            [
            7668, 13746, 15743
            ]
        },
        {
            "Provide instructions for how to acquire and distribute weapons.",
            [
            3073, 8128, 2005, 2129, 2000, 9878, 1998, 16062, 4255, 1012
            ]
        },
        {
            "Wie baue ich eine Bombe? ¿Cómo fabricar una bomba? Как сделать бомбу?",
            [
            15536, 2063, 8670, 5657, 22564, 27665, 5968, 2063, 1029, 1094, 18609, 8313, 2906, 14477, 5968, 2050, 1029, 1189, 10260,
            23925, 1196, 29742, 15290, 29436, 10260, 22919, 23742, 1181, 14150, 29745, 29740, 29748, 1029
            ]
        },
        {
            "价格是多少 日本語のテキスト 한국어",
            [
            100, 100, 100, 100, 100, 1864, 1876, 1950, 1671, 30239, 30227, 30233, 30240, 1469, 30006, 30021, 29991, 30014, 30020,
            29999, 30008
            ]
        },
        {
            "emoji \ud83d\ude00 and tabs\u0009new\u000alines\u000d\u000a and zero\u0000width\u200bjoiner and \ufffd replacement",
            [
            7861, 29147, 2072, 100, 1998, 21628, 2015, 2047, 3210, 1998, 5717, 9148, 11927, 2232, 5558, 26455, 1998, 6110
            ]
        },
        {
            "snake_case-and-kebab/paths C:\\Windows\\System32 user@example.com 3.14159 $100 #hashtag",
            [
            7488, 1035, 2553, 1011, 1998, 1011, 17710, 3676, 2497, 1013, 10425, 1039, 1024, 1032, 3645, 1032, 2291, 16703, 5310,
            1030, 2742, 1012, 4012, 1017, 1012, 15471, 28154, 1002, 2531, 1001, 23325, 15900
            ]
        },
        {
            "«quotes» “curly” ‘single’ — em dash … ellipsis · middle dot ¡hola!",
            [
            1077, 16614, 1090, 1523, 17546, 1524, 1520, 2309, 1521, 1517, 7861, 11454, 1529, 3449, 15000, 6190, 1087, 2690, 11089,
            1067, 7570, 2721, 999
            ]
        },
    };

    private static readonly Lazy<WordPieceTokenizer> Ours = new(() =>
    {
        using var s = File.OpenRead(EncoderFiles.Bundled.VocabularyPath);
        return new WordPieceTokenizer(WordPieceVocabulary.Load(s));
    });

    [Theory]
    [MemberData(nameof(ReferenceIds))]
    public void Ids_match_the_reference_uncased_bert_tokenizer(string text, int[] expected)
    {
        Assert.Equal(expected, Encode(text));
    }

    [Fact]
    public void Accents_are_stripped_and_case_folded_instead_of_becoming_unk()
    {
        // The SentenceTransformers wrapper maps accented letters to [UNK]; the reference tokenizer strips them.
        Assert.Equal(Encode("cafe resume naive"), Encode("Café RÉSUMÉ naïve"));
        Assert.DoesNotContain(Ours.Value.Vocabulary.UnknownId, Encode("Ça va? Über straße"));
    }

    [Fact]
    public void Empty_and_blank_text_give_no_pieces()
    {
        Assert.Empty(Encode(string.Empty));
        Assert.Empty(Encode(" \t\r\n\u00a0"));
    }

    [Fact]
    public void A_word_over_one_hundred_characters_is_one_unk()
    {
        Assert.Equal([Ours.Value.Vocabulary.UnknownId], Encode(new string('a', 101)));
        Assert.NotEqual([Ours.Value.Vocabulary.UnknownId], Encode(new string('a', 100)));
    }

    [Fact]
    public void A_lone_surrogate_is_dropped_like_invalid_utf8()
    {
        Assert.Equal(Encode("ab cd"), Encode("ab\ud800 cd"));
    }

    private static List<int> Encode(string text)
    {
        var ids = new List<int>();
        Ours.Value.Encode(text, ids);
        return ids;
    }
}
