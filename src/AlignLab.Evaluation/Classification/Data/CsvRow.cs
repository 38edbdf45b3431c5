namespace AlignLab.Classification.Data;

/// <summary>A data record of a CSV file read with a header (<see cref="CsvReader.ReadFile"/>).</summary>
internal sealed class CsvRow
{
    private readonly string _path;
    private readonly IReadOnlyDictionary<string, int> _header;
    private readonly string[] _values;

    public CsvRow(string path, int index, IReadOnlyDictionary<string, int> header, string[] values)
    {
        _path = path;
        Index = index;
        _header = header;
        _values = values;
    }

    /// <summary>The 0-based index of the record after the header.</summary>
    public int Index { get; }

    /// <summary>The value of a column; a short record gives "" for its missing trailing columns.</summary>
    public string this[string column]
    {
        get
        {
            if (!_header.TryGetValue(column, out var i))
            {
                throw new InvalidDataException($"{_path}: no column '{column}' (columns: {string.Join(", ", _header.Keys)})");
            }

            return i < _values.Length ? _values[i] : "";
        }
    }
}
