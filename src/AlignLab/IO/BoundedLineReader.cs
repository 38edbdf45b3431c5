using System.Text;

namespace AlignLab.IO;

/// <summary>
/// Reads lines like <see cref="TextReader.ReadLine"/> (a line ends at "\n", "\r" or "\r\n"), but never holds more than
/// <c>maxChars</c> characters of one: a longer line is skipped to its end and reported as too long, so memory stays
/// bounded by the limit however long a line of the file is.
/// </summary>
internal sealed class BoundedLineReader
{
    private const int BufferSize = 64 * 1024;

    private readonly TextReader _reader;
    private readonly int _maxChars;
    private readonly char[] _buffer;
    private readonly StringBuilder _line = new();
    private int _pos;
    private int _len;

    /// <summary>Reads from <paramref name="reader"/>, holding at most <paramref name="maxChars"/> characters of a line.</summary>
    public BoundedLineReader(TextReader reader, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 1);
        _reader = reader;
        _maxChars = maxChars;
        _buffer = new char[BufferSize];
    }

    /// <summary>
    /// Reads the next line: false at the end of the input. Otherwise <paramref name="line"/> is the line without its line
    /// break, or null when it is longer than the limit (its characters were read and dropped).
    /// </summary>
    public bool TryReadLine(out string? line)
    {
        _line.Clear();
        var tooLong = false;
        var any = false;
        while (true)
        {
            if (_pos == _len && !Fill())
            {
                line = tooLong ? null : _line.ToString();
                return any;
            }

            any = true;
            var span = _buffer.AsSpan(_pos, _len - _pos);
            var stop = span.IndexOfAny('\r', '\n');
            var run = stop < 0 ? span : span[..stop];
            if (!tooLong)
            {
                if ((long)_line.Length + run.Length > _maxChars)
                {
                    tooLong = true;
                    _line.Clear();
                }
                else
                {
                    _line.Append(run);
                }
            }

            _pos += run.Length;
            if (stop < 0)
            {
                continue;
            }

            if (_buffer[_pos++] == '\r' && (_pos < _len || Fill()) && _buffer[_pos] == '\n')
            {
                _pos++;
            }

            line = tooLong ? null : _line.ToString();
            return true;
        }
    }

    private bool Fill()
    {
        _len = _reader.Read(_buffer, 0, _buffer.Length);
        _pos = 0;
        if (_len > 0)
        {
            return true;
        }

        _len = 0;
        return false;
    }
}
