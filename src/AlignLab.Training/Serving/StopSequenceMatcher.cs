using System.Text;

namespace AlignLab.Training.Serving;

/// <summary>
/// Cuts streamed text at the first stop sequence, holding back any tail that could still become one, so no part of a
/// stop sequence is ever shown.
/// </summary>
internal sealed class StopSequenceMatcher(IEnumerable<string> stops)
{
    private readonly string[] _stops = [.. stops.Where(s => s.Length > 0)];
    private readonly StringBuilder _pending = new();

    public bool Stopped { get; private set; }

    /// <summary>Adds a piece; returns the text that is now safe to show.</summary>
    public string Append(string piece)
    {
        if (Stopped)
        {
            return "";
        }

        _pending.Append(piece);
        var text = _pending.ToString();
        var cut = _stops.Select(s => text.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        if (cut >= 0)
        {
            Stopped = true;
            _pending.Clear();
            return text[..cut];
        }

        var hold = 0;
        foreach (var stop in _stops)
        {
            for (var length = Math.Min(stop.Length - 1, text.Length); length > hold; length--)
            {
                if (text.EndsWith(stop[..length], StringComparison.Ordinal))
                {
                    hold = length;
                    break;
                }
            }
        }

        _pending.Remove(0, text.Length - hold);
        return text[..^hold];
    }

    /// <summary>The held-back text once generation ended without a stop sequence.</summary>
    public string Flush()
    {
        var rest = Stopped ? "" : _pending.ToString();
        _pending.Clear();
        return rest;
    }
}
