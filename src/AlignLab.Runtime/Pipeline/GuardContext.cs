using AlignLab.Constitutions;
using AlignLab.Rules;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Pipeline;

/// <summary>
/// The state one input or output check passes from stage to stage (<see cref="IGuardStage"/>): what is checked, what
/// the earlier stages decided, and the trace. A stage asks for an action with <see cref="Raise"/>; the most protective
/// action wins, and once it is terminal the stages that do not <see cref="IGuardStage.RunsWhenDecided"/> are passed over.
/// One context serves one check of one exchange; it is not shared between threads.
/// </summary>
public sealed class GuardContext
{
    private string _text = string.Empty;

    internal GuardContext(AlignmentPipeline pipeline, PolicyStage stage, AlignmentTrace trace, string prompt, CancellationToken cancellationToken)
    {
        Pipeline = pipeline;
        Stage = stage;
        Trace = trace;
        Prompt = prompt;
        CancellationToken = cancellationToken;
    }

    /// <summary>The pipeline running the check (its constitution, options and rule engine).</summary>
    public AlignmentPipeline Pipeline { get; }

    /// <summary><see cref="PolicyStage.Input"/> or <see cref="PolicyStage.Output"/>.</summary>
    public PolicyStage Stage { get; }

    /// <summary>The stage's name in traces: <c>input</c> or <c>output</c>.</summary>
    public string StageName => Stage == PolicyStage.Input ? "input" : "output";

    /// <summary>What a detector failure means in this check (the constitution's <c>stages</c> failure mode).</summary>
    public FailureMode FailureMode => Stage == PolicyStage.Input
        ? Pipeline.Constitution.Stages.InputFailureMode
        : Pipeline.Constitution.Stages.OutputFailureMode;

    /// <summary>Whether the constitution checks this stage at all (<c>stages.output: false</c> turns the output checks off).</summary>
    public bool Checks => Stage == PolicyStage.Input ? Pipeline.Constitution.Stages.InputEnabled : Pipeline.Constitution.Stages.OutputEnabled;

    /// <summary>The exchange's trace; a stage adds one event per thing it did (<see cref="AlignmentTrace.Add"/>).</summary>
    public AlignmentTrace Trace { get; }

    /// <summary>The caller's cancellation.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The user's turn (input) or the prompt the answer is for (output).</summary>
    public string Prompt { get; }

    /// <summary>The conversation to send to the model (input only; empty on output).</summary>
    public IReadOnlyList<ChatMessage> Conversation => Messages;

    /// <summary>The conversation to send to the model (input only), which the built-in stages rewrite.</summary>
    internal List<ChatMessage> Messages { get; init; } = [];

    /// <summary>Index of the user's turn in <see cref="Messages"/>, or -1.</summary>
    internal int UserIndex { get; init; } = -1;

    /// <summary>The answer as it stands (output only): revised, then redacted. A stage may rewrite it.</summary>
    public string Text
    {
        get => _text;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _text = value;
        }
    }

    /// <summary>True when the model declined on its own (output only).</summary>
    public bool ModelRefused { get; internal set; }

    /// <summary>The decision of the rules stage, combined with the judges' findings once they ran; null before.</summary>
    public Decision? Decision { get; internal set; }

    /// <summary>The most protective action asked for so far.</summary>
    public AlignmentAction Action { get; private set; }

    /// <summary>The message of <see cref="Action"/> (the reply when it is terminal), if any.</summary>
    public string? Message { get; private set; }

    /// <summary>Disclaimers to append to the answer.</summary>
    public IReadOnlyList<string> Disclaimers { get; internal set; } = [];

    /// <summary>Warnings to append to the answer.</summary>
    public IReadOnlyList<string> Warnings { get; internal set; } = [];

    /// <summary>Takes <paramref name="action"/> and its message when it is more protective than the action so far.</summary>
    public void Raise(AlignmentAction action, string? message)
    {
        if (action > Action)
        {
            (Action, Message) = (action, message);
        }
    }

    /// <summary>Replaces the message (an escalation's reply, a default for a terminal action).</summary>
    internal void SetMessage(string? message) => Message = message;
}
