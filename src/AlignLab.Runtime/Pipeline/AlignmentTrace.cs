using AlignLab.Constitutions;

namespace AlignLab.Runtime.Pipeline;

/// <summary>
/// Why an aligned exchange came out as it did: every stage, detector, intervention and revision in order, plus the
/// final action. Attached to every response as <c>AdditionalProperties["alignlab.trace"]</c>
/// (see <see cref="ChatResponseAlignmentExtensions.GetAlignmentTrace(Microsoft.Extensions.AI.ChatResponse)"/>).
/// </summary>
public sealed class AlignmentTrace
{
    private readonly List<TraceEvent> _events = [];
    private readonly Lock _gate = new();

    internal AlignmentTrace(string policyName, string? context, string? profile, DateTimeOffset startedAt)
    {
        PolicyName = policyName;
        Context = context;
        Profile = profile;
        StartedAt = startedAt;
    }

    /// <summary>Key under which the trace is stored in <c>AdditionalProperties</c>.</summary>
    public const string PropertyName = "alignlab.trace";

    public string PolicyName { get; }
    public string? Context { get; }
    public string? Profile { get; }
    public DateTimeOffset StartedAt { get; }

    /// <summary>The most protective action taken.</summary>
    public AlignmentAction FinalAction { get; internal set; } = AlignmentAction.Allow;

    /// <summary>Whether the underlying model was called.</summary>
    public bool ModelCalled { get; internal set; }

    /// <summary>Streaming interventions (steered restarts and aborts).</summary>
    public int Interventions { get; internal set; }

    /// <summary>Whether the model's own answer was a refusal.</summary>
    public bool ModelRefused { get; internal set; }

    /// <summary>Id of the review item when the exchange was escalated.</summary>
    public string? ReviewId { get; internal set; }

    /// <summary>Total time spent in guards (excluding the model's own generation time).</summary>
    public TimeSpan GuardTime { get; internal set; }

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<TraceEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Adds a step; its action raises <see cref="FinalAction"/> when more protective.</summary>
    public void Add(TraceEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        lock (_gate)
        {
            _events.Add(e);
            if (e.Action > FinalAction)
            {
                FinalAction = e.Action;
            }
        }
    }

    /// <summary>The trace as JSON (stable snake_case field names).</summary>
    public string ToJson(bool indented = true) => AlignmentTraceJson.Serialize(this, indented);

    /// <summary>A human-readable summary, one line per step.</summary>
    public string Explain()
    {
        var lines = new List<string> { $"policy {PolicyName}: {FinalAction.ToName()}" + (ModelCalled ? "" : " (model not called)") };
        lines.AddRange(Events.Select(e => $"  [{e.Stage}] {e.Kind}: {e.Summary}"));
        return string.Join(Environment.NewLine, lines);
    }
}
