using System.Text.Json;

namespace AlignLab.Evaluation.Suites;

/// <summary>
/// Streams the items of a top-level JSON array one at a time, with the line each item starts on, holding only a
/// buffer's worth of the file (the buffer grows only to fit the largest single item, and not past the limit given: a
/// longer item ends the reading with an error).
/// </summary>
internal static class JsonArrayReader
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>An item (a parsed document the caller disposes) or, at the end, a syntax error that stopped the reading.</summary>
    public readonly record struct Item(JsonDocument? Document, long Line, string? Error);

    public static IEnumerable<Item> Read(Stream stream, long maxItemBytes = long.MaxValue)
    {
        var window = new Window(maxItemBytes);
        while (true)
        {
            if (!window.Eof && window.Length < window.Buffer.Length)
            {
                var n = stream.Read(window.Buffer, window.Length, window.Buffer.Length - window.Length);
                if (n == 0)
                {
                    window.Eof = true;
                }
                else
                {
                    window.Length += n;
                    continue;
                }
            }

            var items = new List<Item>();
            var more = window.Scan(items);
            foreach (var item in items)
            {
                yield return item;
            }

            if (!more)
            {
                yield break;
            }
        }
    }

    /// <summary>The bytes read but not yet consumed, with the reader state and line count at their start.</summary>
    private sealed class Window(long maxItemBytes)
    {
        public byte[] Buffer { get; private set; } = new byte[1 << 16];

        public int Length { get; set; }

        public bool Eof { get; set; }

        private JsonReaderState _state = new(ReaderOptions);
        private long _line = 1;
        private bool _started;
        private bool _bomChecked;

        /// <summary>Reads the complete items in the buffer into <paramref name="items"/>; false when the array (or the file) has ended.</summary>
        public bool Scan(List<Item> items)
        {
            var offset = 0;
            if (!_bomChecked)
            {
                if (Length < 3 && !Eof)
                {
                    return true;
                }

                _bomChecked = true;
                if (Length >= 3 && Buffer[0] == 0xEF && Buffer[1] == 0xBB && Buffer[2] == 0xBF)
                {
                    offset = 3;
                }
            }

            var span = Buffer.AsSpan(offset, Length - offset);
            var reader = new Utf8JsonReader(span, Eof, _state);
            var countedTo = 0;
            var line = _line;
            try
            {
                while (true)
                {
                    var before = reader.CurrentState;
                    var beforeConsumed = (int)reader.BytesConsumed;
                    if (!reader.Read())
                    {
                        if (Eof)
                        {
                            if (!_started)
                            {
                                items.Add(new Item(null, line, "the file is empty; expected a JSON array"));
                            }
                            else
                            {
                                items.Add(new Item(null, line + span[countedTo..].Count((byte)'\n'), "the JSON array is never closed"));
                            }

                            return false;
                        }

                        _state = reader.CurrentState;
                        var at = (int)reader.BytesConsumed;
                        return Shift(offset + at, line + span[countedTo..at].Count((byte)'\n'), items);
                    }

                    if (!_started)
                    {
                        if (reader.TokenType != JsonTokenType.StartArray)
                        {
                            items.Add(new Item(null, line, "expected a JSON array ([ ... ]) at the top level"));
                            return false;
                        }

                        _started = true;
                        continue;
                    }

                    if (reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == 0)
                    {
                        return false;
                    }

                    var start = (int)reader.TokenStartIndex;
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
                    {
                        _state = before;
                        var itemLine = line + span[countedTo..start].Count((byte)'\n');
                        return Shift(offset + beforeConsumed, line + span[countedTo..beforeConsumed].Count((byte)'\n'), items, itemLine);
                    }

                    line += span[countedTo..start].Count((byte)'\n');
                    countedTo = start;
                    var end = (int)reader.BytesConsumed;
                    items.Add(new Item(JsonDocument.Parse(span[start..end].ToArray()), line, null));
                }
            }
            catch (JsonException ex)
            {
                items.Add(new Item(null, _line + (ex.LineNumber ?? 0), $"invalid JSON: {IO.JsonText.Describe(ex)}; the rest of the file is skipped"));
                return false;
            }
        }

        /// <summary>
        /// Keeps the bytes from <paramref name="from"/> on; false (with an error item at <paramref name="itemLine"/>, by
        /// default <paramref name="lineAtFrom"/>) when they fill a buffer as large as the limit allows.
        /// </summary>
        private bool Shift(int from, long lineAtFrom, List<Item> items, long itemLine = 0)
        {
            var rest = Length - from;
            if (from == 0 && rest == Buffer.Length)
            {
                if (Buffer.Length >= maxItemBytes)
                {
                    items.Add(new Item(null, itemLine > 0 ? itemLine : lineAtFrom, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"an item is longer than {maxItemBytes:N0} bytes, the most one row may hold; the rest of the file is skipped")));
                    return false;
                }

                var bigger = new byte[(int)Math.Min(Buffer.Length * 2L, Math.Min(maxItemBytes, Array.MaxLength))];
                Buffer.AsSpan(0, rest).CopyTo(bigger);
                Buffer = bigger;
            }
            else
            {
                Buffer.AsSpan(from, rest).CopyTo(Buffer);
            }

            Length = rest;
            _line = lineAtFrom;
            return true;
        }
    }
}
