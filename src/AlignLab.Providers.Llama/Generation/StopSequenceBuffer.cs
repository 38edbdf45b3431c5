namespace AlignLab.Providers.Llama.Generation;

/// <summary>
/// Cuts generated text at the first stop sequence. Text that might be the start of a stop sequence is held back until
/// the next piece shows whether it is, so a stream never shows part of a stop sequence.
/// </summary>
internal sealed class StopSequenceBuffer(IEnumerable<string> stops)
{
    private readonly IReadOnlyList<string> _stops = [.. stops.Where(s => s.Length > 0)];
    private readonly System.Text.StringBuilder _text = new();
    private int _emitted;

    /// <summary>True once a stop sequence was seen; later pieces are ignored.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Adds generated text; returns what can be shown now.</summary>
    public string Append(string piece)
    {
        if (Stopped || piece.Length == 0)
        {
            return "";
        }

        if (_stops.Count == 0)
        {
            return piece;
        }

        var searchFrom = _text.Length;
        _text.Append(piece);
        var all = _text.ToString();
        var cut = -1;
        foreach (var stop in _stops)
        {
            var from = Math.Max(0, Math.Min(_emitted, searchFrom - stop.Length + 1));
            var at = all.IndexOf(stop, from, StringComparison.Ordinal);
            if (at >= 0 && (cut < 0 || at < cut))
            {
                cut = at;
            }
        }

        if (cut >= 0)
        {
            Stopped = true;
            return Take(all, Math.Max(cut, _emitted));
        }

        return Take(all, all.Length - HeldBack(all));
    }

    /// <summary>At the end of generation: the text held back (it turned out not to be a stop sequence).</summary>
    public string Flush() => Stopped ? "" : Take(_text.ToString(), _text.Length);

    private string Take(string all, int end)
    {
        var result = end > _emitted ? all[_emitted..end] : "";
        _emitted = Math.Max(_emitted, end);
        return result;
    }

    // The longest end of the text that is a proper start of some stop sequence.
    private int HeldBack(string all)
    {
        var held = 0;
        foreach (var stop in _stops)
        {
            for (var n = Math.Min(stop.Length - 1, all.Length - _emitted); n > held; n--)
            {
                if (all.AsSpan(all.Length - n).SequenceEqual(stop.AsSpan(0, n)))
                {
                    held = n;
                    break;
                }
            }
        }

        return held;
    }
}
