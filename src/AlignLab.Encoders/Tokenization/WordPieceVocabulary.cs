namespace AlignLab.Encoders.Tokenization;

/// <summary>
/// A BERT WordPiece vocabulary (<c>vocab.txt</c>: one token a line, the line number is its id). Immutable; lookups by
/// span allocate nothing.
/// </summary>
public sealed class WordPieceVocabulary
{
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private WordPieceVocabulary(Dictionary<string, int> ids, string[] tokens)
    {
        _ids = ids;
        _lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        Tokens = tokens;
        UnknownId = Require("[UNK]");
        ClsId = Require("[CLS]");
        SepId = Require("[SEP]");
        PadId = Require("[PAD]");
    }

    /// <summary>Tokens by id.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Id of <c>[UNK]</c>.</summary>
    public int UnknownId { get; }

    /// <summary>Id of <c>[CLS]</c>.</summary>
    public int ClsId { get; }

    /// <summary>Id of <c>[SEP]</c>.</summary>
    public int SepId { get; }

    /// <summary>Id of <c>[PAD]</c>.</summary>
    public int PadId { get; }

    /// <summary>Reads a <c>vocab.txt</c>.</summary>
    /// <exception cref="InvalidDataException">The file is not a WordPiece vocabulary (no [UNK]/[CLS]/[SEP]/[PAD], or a token twice).</exception>
    public static WordPieceVocabulary Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var tokens = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            tokens.Add(line);
        }

        return FromTokens(tokens);
    }

    /// <summary>A vocabulary from tokens in id order.</summary>
    /// <exception cref="InvalidDataException">A special token is missing or a token is listed twice.</exception>
    public static WordPieceVocabulary FromTokens(IEnumerable<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var list = tokens.ToArray();
        var ids = new Dictionary<string, int>(list.Length, StringComparer.Ordinal);
        for (var i = 0; i < list.Length; i++)
        {
            if (list[i].Length > 0 && !ids.TryAdd(list[i], i))
            {
                throw new InvalidDataException($"the vocabulary lists '{list[i]}' twice (lines {ids[list[i]] + 1} and {i + 1})");
            }
        }

        return new WordPieceVocabulary(ids, list);
    }

    /// <summary>The id of a token, or -1.</summary>
    public int IdOf(ReadOnlySpan<char> token) => _lookup.TryGetValue(token, out var id) ? id : -1;

    private int Require(string token) =>
        _ids.TryGetValue(token, out var id) ? id : throw new InvalidDataException($"the vocabulary has no {token} token");
}
