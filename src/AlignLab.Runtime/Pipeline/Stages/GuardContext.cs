using AlignLab.Constitutions;
using AlignLab.Rules;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Pipeline.Stages;

/// <summary>The state one input or output check passes from stage to stage.</summary>
internal sealed class GuardContext(
    AlignmentPipeline pipeline, PolicyStage stage, AlignmentTrace trace, string prompt, CancellationToken cancellationToken)
{
    public AlignmentPipeline Pipeline { get; } = pipeline;

    /// <summary><see cref="PolicyStage.Input"/> or <see cref="PolicyStage.Output"/>.</summary>
    public PolicyStage Stage { get; } = stage;

    /// <summary>The stage's name in traces: <c>input</c> or <c>output</c>.</summary>
    public string StageName => Stage == PolicyStage.Input ? "input" : "output";

    /// <summary>What a detector failure means in this check.</summary>
    public FailureMode FailureMode => Stage == PolicyStage.Input
        ? Pipeline.Constitution.Stages.InputFailureMode
        : Pipeline.Constitution.Stages.OutputFailureMode;

    /// <summary>Whether the constitution checks this stage at all (<c>stages.output: false</c> turns the output checks off).</summary>
    public bool Checks => Stage == PolicyStage.Input ? Pipeline.Constitution.Stages.InputEnabled : Pipeline.Constitution.Stages.OutputEnabled;

    public AlignmentTrace Trace { get; } = trace;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The user's turn (input) or the prompt the answer is for (output).</summary>
    public string Prompt { get; } = prompt;

    /// <summary>The conversation to send to the model (input only).</summary>
    public List<ChatMessage> Messages { get; init; } = [];

    /// <summary>Index of the user's turn in <see cref="Messages"/>, or -1.</summary>
    public int UserIndex { get; init; } = -1;

    /// <summary>The answer as it stands (output only): revised, then redacted.</summary>
    public string Text { get; set; } = string.Empty;

    /// <summary>True when the model declined on its own (output only).</summary>
    public bool ModelRefused { get; set; }

    /// <summary>The decision of the rules stage, if it ran.</summary>
    public Decision? Decision { get; set; }

    public AlignmentAction Action { get; private set; }

    public string? Message { get; private set; }

    public IReadOnlyList<string> Disclaimers { get; set; } = [];

    public IReadOnlyList<string> Warnings { get; set; } = [];

    /// <summary>Takes <paramref name="action"/> and its message when it is more protective than the action so far.</summary>
    public void Raise(AlignmentAction action, string? message)
    {
        if (action > Action)
        {
            (Action, Message) = (action, message);
        }
    }

    /// <summary>Replaces the message (an escalation's reply, a default for a terminal action).</summary>
    public void SetMessage(string? message) => Message = message;
}
