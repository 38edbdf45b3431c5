namespace AlignLab.Runtime.Redaction;

/// <summary>Finds spans to redact in a text (PII, secrets). Must be linear-time, thread-safe and never throw.</summary>
public interface ITextRedactor
{
    /// <summary>Spans to replace, sorted by start and non-overlapping.</summary>
    IReadOnlyList<RedactionSpan> Find(string text);
}
