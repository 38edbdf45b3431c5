using System.Globalization;
using System.Text;

namespace AlignLab.Runtime.Judges;

/// <summary>
/// A forgiving reader for the JSON that language models write: single or double quotes, trailing commas, unquoted keys,
/// bare words (read as strings), Python literals (<c>True</c>, <c>None</c>), <c>//</c> and <c>/* */</c> comments.
/// Objects become case-insensitive dictionaries, arrays lists, numbers doubles. Never throws.
/// </summary>
internal sealed class LenientJson
{
    private const int MaxDepth = 32;
    private const int MaxAttempts = 64;

    private readonly string _s;
    private int _pos;

    private LenientJson(string s, int start)
    {
        _s = s;
        _pos = start;
    }

    /// <summary>
    /// Finds the first JSON object in <paramref name="text"/> (trying each <c>{</c> in turn) for which
    /// <paramref name="accept"/> returns true, including objects nested in other objects.
    /// </summary>
    public static Dictionary<string, object?>? FindObject(string text, Func<Dictionary<string, object?>, bool> accept)
    {
        var attempts = 0;
        for (var i = text.IndexOf('{', StringComparison.Ordinal); i >= 0 && attempts < MaxAttempts; i = text.IndexOf('{', i + 1))
        {
            attempts++;
            var reader = new LenientJson(text, i);
            if (reader.TryReadValue(0, out var value) && value is Dictionary<string, object?> obj && accept(obj))
            {
                return obj;
            }
        }

        return null;
    }

    private bool TryReadValue(int depth, out object? value)
    {
        value = null;
        if (depth > MaxDepth)
        {
            return false;
        }

        SkipTrivia();
        if (_pos >= _s.Length)
        {
            return false;
        }

        var c = _s[_pos];
        switch (c)
        {
            case '{':
                return TryReadObject(depth, out value);
            case '[':
                return TryReadArray(depth, out value);
            case '"' or '\'' or '“' or '‘':
                if (TryReadString(out var str))
                {
                    value = str;
                    return true;
                }

                return false;
            default:
                if (c is '-' or '+' or '.' || char.IsAsciiDigit(c))
                {
                    return TryReadNumber(out value);
                }

                if (IsWordStart(c))
                {
                    var word = ReadWord();
                    value = word.ToLowerInvariant() switch
                    {
                        "true" => true,
                        "false" => false,
                        "null" or "none" => null,
                        _ => word,
                    };
                    return true;
                }

                return false;
        }
    }

    private bool TryReadObject(int depth, out object? value)
    {
        value = null;
        _pos++; // '{'
        var obj = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            SkipTrivia();
            if (_pos >= _s.Length)
            {
                return false;
            }

            if (_s[_pos] == '}')
            {
                _pos++;
                value = obj;
                return true;
            }

            string key;
            var c = _s[_pos];
            if (c is '"' or '\'' or '“' or '‘')
            {
                if (!TryReadString(out key))
                {
                    return false;
                }
            }
            else if (IsWordStart(c))
            {
                key = ReadWord();
            }
            else
            {
                return false;
            }

            SkipTrivia();
            if (_pos >= _s.Length || _s[_pos] is not (':' or '='))
            {
                return false;
            }

            _pos++;
            if (!TryReadValue(depth + 1, out var item))
            {
                return false;
            }

            obj[key] = item;
            SkipTrivia();
            if (_pos >= _s.Length)
            {
                return false;
            }

            if (_s[_pos] == ',')
            {
                _pos++;
            }
            else if (_s[_pos] != '}')
            {
                return false;
            }
        }
    }

    private bool TryReadArray(int depth, out object? value)
    {
        value = null;
        _pos++; // '['
        var list = new List<object?>();
        while (true)
        {
            SkipTrivia();
            if (_pos < _s.Length && _s[_pos] == ',')
            {
                _pos++; // an empty element ("[,]", "[a,,b]") is skipped
                continue;
            }

            if (_pos >= _s.Length)
            {
                return false;
            }

            if (_s[_pos] == ']')
            {
                _pos++;
                value = list;
                return true;
            }

            if (!TryReadValue(depth + 1, out var item))
            {
                return false;
            }

            list.Add(item);
            SkipTrivia();
            if (_pos >= _s.Length)
            {
                return false;
            }

            if (_s[_pos] == ',')
            {
                _pos++;
            }
            else if (_s[_pos] != ']')
            {
                return false;
            }
        }
    }

    private bool TryReadString(out string value)
    {
        var open = _s[_pos];
        var close = open switch
        {
            '“' => '”',
            '‘' => '’',
            _ => open,
        };
        _pos++;
        var sb = new StringBuilder();
        while (_pos < _s.Length)
        {
            var c = _s[_pos++];
            if (c == close && (open == '"' || ClosesSingleQuoted()))
            {
                value = sb.ToString();
                return true;
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (_pos >= _s.Length)
            {
                break;
            }

            var e = _s[_pos++];
            switch (e)
            {
                case 'n':
                    sb.Append('\n');
                    break;
                case 't':
                    sb.Append('\t');
                    break;
                case 'r':
                    sb.Append('\r');
                    break;
                case 'b':
                    sb.Append('\b');
                    break;
                case 'f':
                    sb.Append('\f');
                    break;
                case 'u' when _pos + 4 <= _s.Length
                    && int.TryParse(_s.AsSpan(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                    sb.Append((char)code);
                    _pos += 4;
                    break;
                default:
                    sb.Append(e);
                    break;
            }
        }

        value = string.Empty;
        return false;
    }

    /// <summary>
    /// In a single-quoted string an apostrophe ends the string only when what follows can follow a value
    /// (<c>, } ] :</c> or the end), so <c>'it's harmful'</c> reads as one string.
    /// </summary>
    private bool ClosesSingleQuoted()
    {
        var i = _pos;
        while (i < _s.Length && char.IsWhiteSpace(_s[i]))
        {
            i++;
        }

        return i >= _s.Length || _s[i] is ',' or '}' or ']' or ':';
    }

    private bool TryReadNumber(out object? value)
    {
        var start = _pos;
        while (_pos < _s.Length && (char.IsAsciiDigit(_s[_pos]) || _s[_pos] is '-' or '+' or '.' or 'e' or 'E'))
        {
            _pos++;
        }

        if (double.TryParse(_s.AsSpan(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            value = d;
            return true;
        }

        value = null;
        return false;
    }

    private string ReadWord()
    {
        var start = _pos;
        while (_pos < _s.Length && (char.IsLetterOrDigit(_s[_pos]) || _s[_pos] is '_' or '-' or '$'))
        {
            _pos++;
        }

        return _s[start.._pos];
    }

    private static bool IsWordStart(char c) => char.IsLetter(c) || c is '_' or '$';

    private void SkipTrivia()
    {
        while (_pos < _s.Length)
        {
            var c = _s[_pos];
            if (char.IsWhiteSpace(c))
            {
                _pos++;
            }
            else if (c == '/' && _pos + 1 < _s.Length && _s[_pos + 1] == '/')
            {
                var nl = _s.IndexOf('\n', _pos);
                _pos = nl < 0 ? _s.Length : nl + 1;
            }
            else if (c == '/' && _pos + 1 < _s.Length && _s[_pos + 1] == '*')
            {
                var end = _s.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                _pos = end < 0 ? _s.Length : end + 2;
            }
            else
            {
                return;
            }
        }
    }
}
