namespace AlignLab.Runtime.Streaming;

/// <summary>
/// What a streamed answer has shown its caller so far, so that AlignLab's own notes read as one answer: a refusal
/// before any text is the plain refusal (the same text a non-streamed request gets), a note after text starts on its
/// own line without blank lines before it, and the steering note of a restarted attempt is only shown when the caller
/// saw the earlier attempt, just before the new attempt's first text (so a restart cut again shows one note, not two).
/// Not thread-safe: one per stream.
/// </summary>
internal sealed class StreamTranscript
{
    private string? _pendingNotice;
    private bool _endsWithNewline;

    /// <summary>Whether any answer text has been sent to the caller.</summary>
    public bool Delivered { get; private set; }

    /// <summary>The text to send for <paramref name="released"/> (checked answer text), with a pending steering note before it.</summary>
    public string Text(string released)
    {
        if (released.Length == 0)
        {
            return released;
        }

        var text = released;
        if (_pendingNotice is { } notice)
        {
            _pendingNotice = null;
            text = Separated(notice) + (notice.EndsWith('\n') ? "" : "\n") + released;
        }

        Record(text);
        return text;
    }

    /// <summary>A restarted attempt begins: when the caller saw the earlier one, <paramref name="notice"/> goes before the new text.</summary>
    public void Restarted(string notice)
    {
        if (Delivered)
        {
            _pendingNotice = notice;
        }
    }

    /// <summary>
    /// How the stream ends when it is stopped: <paramref name="refusal"/> when the caller has seen nothing yet, else
    /// <paramref name="note"/> on its own line.
    /// </summary>
    public string Stopped(string refusal, string note)
    {
        var text = Delivered ? Separated(note) : refusal;
        Record(text);
        return text;
    }

    private string Separated(string note) => _endsWithNewline || note.StartsWith('\n') ? note : "\n" + note;

    private void Record(string text)
    {
        if (text.Length > 0)
        {
            Delivered = true;
            _endsWithNewline = text.EndsWith('\n');
        }
    }
}
