using System.Buffers;
using System.Diagnostics;
using System.Text;
using AlignLab.Constitutions;
using AlignLab.Runtime.Pipeline;
using AlignLab.Runtime.Redaction;

namespace AlignLab.Runtime.Streaming;

/// <summary>
/// Watches one streamed response while it is generated. Text is held until a check has passed over it. The first check
/// of an attempt runs early, after <c>first_check</c> tokens or at the first sentence end, so the caller sees text soon;
/// after that a check runs every <c>check_interval</c> tokens. Each check evaluates only the text that arrived since the
/// last check plus a bounded overlap (so a phrase split across two checks is still seen), which keeps total cost linear
/// in the response length. A check fails when a rule asks for a refusal/block or the classifier's unsafe score reaches
/// <c>abort_threshold</c>; the unreleased text is then dropped and the caller either restarts with steering or aborts.
/// PII is redacted on release, holding back an unfinished last word and the words before it that could begin an entity
/// (digits, symbols, secret-like keys; at most <see cref="AlignmentOptions.StreamingRedactionHoldback"/> characters),
/// so an entity split across chunks is caught whole. Not thread-safe: one guard per stream.
/// </summary>
public sealed class StreamingGuard
{
    /// <summary>Characters that end a sentence (or a line): the first check of an attempt runs at the first one.</summary>
    private static readonly SearchValues<char> SentenceEnds = SearchValues.Create(".!?\n\u3002\uFF01\uFF1F");

    private readonly AlignmentPipeline _pipeline;
    private readonly AlignmentTrace _trace;
    private readonly StringBuilder _text = new();
    private readonly int _interval;
    private readonly int _firstCheck;
    private readonly double _abortThreshold;
    private readonly bool _enabled;
    private readonly ITextRedactor? _redactor;
    private int _checkedUpTo;
    private int _releasedUpTo;
    private int _tokensSinceCheck;
    private int _checks;
    private bool _firstCheckDue = true;
    private long _charsScanned;

    internal StreamingGuard(AlignmentPipeline pipeline, AlignmentTrace trace)
    {
        _pipeline = pipeline;
        _trace = trace;
        var stages = pipeline.Constitution.Stages;
        _enabled = stages.StreamingEnabled;
        _interval = Math.Max(1, stages.CheckInterval);
        _firstCheck = Math.Clamp(stages.FirstCheck, 1, _interval);
        _abortThreshold = stages.AbortThreshold;
        var pii = pipeline.Constitution.Runtime.Pii;
        _redactor = (pii.Stages & PolicyStage.Streaming) != 0 ? pipeline.Redactor : null;
    }

    /// <summary>Everything received so far in the current attempt, plus released text of earlier attempts.</summary>
    public string Text => _text.ToString();

    /// <summary>Number of checks run.</summary>
    public int Checks => _checks;

    /// <summary>Characters evaluated by all checks together (linear in the response length).</summary>
    public long CharactersScanned => _charsScanned;

    /// <summary>Interventions left before a violation aborts the stream.</summary>
    public int InterventionsLeft => Math.Max(0, _pipeline.Constitution.Stages.MaxInterventions - _trace.Interventions);

    /// <summary>Adds one streamed token (chunk); runs a check when the interval is reached.</summary>
    /// <returns>A violation, or null when the stream may go on.</returns>
    public StreamingViolation? Append(string chunk)
    {
        if (string.IsNullOrEmpty(chunk))
        {
            return null;
        }

        _text.Append(chunk);
        if (!_enabled)
        {
            _checkedUpTo = _text.Length;
            return null;
        }

        ++_tokensSinceCheck;
        var due = _firstCheckDue
            ? _tokensSinceCheck >= _firstCheck || chunk.AsSpan().IndexOfAny(SentenceEnds) >= 0
            : _tokensSinceCheck >= _interval;
        return due ? Check() : null;
    }

    /// <summary>Checks whatever arrived since the last check (call at the end of the stream).</summary>
    public StreamingViolation? Complete() => _enabled && _checkedUpTo < _text.Length ? Check() : Mark();

    /// <summary>Text that has passed a check and may be sent to the client now (PII-redacted).</summary>
    public string Release(bool final)
    {
        var pending = _text.ToString(_releasedUpTo, _checkedUpTo - _releasedUpTo);
        if (pending.Length == 0)
        {
            return string.Empty;
        }

        if (_redactor is null)
        {
            _releasedUpTo = _checkedUpTo;
            return pending;
        }

        var spans = _redactor.Find(pending);
        var cut = final ? pending.Length : pending.Length - RedactionTail.Length(pending, _pipeline.Options.StreamingRedactionHoldback);
        var keep = new List<RedactionSpan>(spans.Count);
        foreach (var s in spans)
        {
            if (s.End <= cut)
            {
                keep.Add(s);
            }
            else
            {
                if (s.Start < cut)
                {
                    cut = s.Start; // never split an entity across releases
                }

                break;
            }
        }

        // A cut inside a surrogate pair would emit half a character.
        if (cut > 0 && cut < pending.Length && char.IsHighSurrogate(pending[cut - 1]))
        {
            cut--;
            if (keep.Count > 0 && keep[^1].End > cut)
            {
                keep.RemoveAt(keep.Count - 1);
            }
        }

        if (keep.Count > 0)
        {
            _trace.Add(new TraceEvent("streaming", "pii", $"redacted {keep.Count} span(s) before release: {string.Join(", ", keep.Select(k => k.Kind).Distinct())}", AlignmentAction.Redact, 0));
        }

        _releasedUpTo += cut;
        return RedactionSpan.Apply(pending[..cut], keep);
    }

    /// <summary>Drops text that has not been released and starts a new attempt after <paramref name="separator"/>.</summary>
    public void Restart(string separator)
    {
        _text.Length = _releasedUpTo;
        _text.Append(separator);
        _checkedUpTo = _releasedUpTo = _text.Length;
        _tokensSinceCheck = 0;
        _firstCheckDue = true;
    }

    /// <summary>Drops text that has not been released (the stream is being aborted).</summary>
    public void DropUnreleased()
    {
        _text.Length = _releasedUpTo;
        _checkedUpTo = _releasedUpTo;
        _tokensSinceCheck = 0;
    }

    private StreamingViolation? Mark()
    {
        _checkedUpTo = _text.Length;
        return null;
    }

    private StreamingViolation? Check()
    {
        var t0 = Stopwatch.GetTimestamp();
        _checks++;
        _tokensSinceCheck = 0;
        _firstCheckDue = false;
        var start = Math.Max(0, _checkedUpTo - _pipeline.Options.StreamingOverlap);
        var window = _text.ToString(start, _text.Length - start);
        _charsScanned += window.Length;
        var decision = _pipeline.Evaluate(window, PolicyStage.Streaming);
        var score = decision.Scores?.Unsafe ?? 0;
        var violation = decision.Action.IsTerminal() || score >= _abortThreshold;
        if (!violation)
        {
            _checkedUpTo = _text.Length;
            return null;
        }

        var reason = decision.Action.IsTerminal()
            ? AlignmentPipeline.Summarize(decision)
            : $"unsafe score {score:0.00} ≥ abort threshold {_abortThreshold:0.00}";
        _trace.Add(new TraceEvent("streaming", "violation", $"check {_checks} at character {_text.Length}: {reason}",
            decision.Action.IsTerminal() ? decision.Action : AlignmentAction.Block, Stopwatch.GetElapsedTime(t0).TotalMilliseconds) { Decision = decision });
        return new StreamingViolation(reason, decision, _text.Length);
    }
}
