using AlignLab.Constitutions;
using AlignLab.Runtime.Redaction;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Pipeline.Stages;

/// <summary>
/// Redaction of what goes on: on input the user's turn takes the rules' redactions (the model sees the redacted
/// text); on output the PII redactor of the options or the constitution's <c>pii:</c> section runs over the answer.
/// </summary>
internal sealed class RedactionStage : IGuardStage
{
    public string Name => "redaction";

    public PolicyStage Stages => PolicyStage.Input | PolicyStage.Output;

    public bool RunsWhenDecided => false;

    public ValueTask RunAsync(GuardContext context)
    {
        var pipeline = context.Pipeline;
        if (context.Stage == PolicyStage.Input)
        {
            if (context.Decision?.RedactedText is { } redacted && context.UserIndex >= 0)
            {
                var user = context.Messages[context.UserIndex];
                context.Messages[context.UserIndex] = new ChatMessage(ChatRole.User, redacted)
                {
                    AuthorName = user.AuthorName,
                    MessageId = user.MessageId,
                };
            }

            return ValueTask.CompletedTask;
        }

        if (pipeline.Redactor is { } redactor && (pipeline.Constitution.Runtime.Pii.Stages & PolicyStage.Output) != 0)
        {
            var spans = redactor.Find(context.Text);
            if (spans.Count > 0)
            {
                context.Text = RedactionSpan.Apply(context.Text, spans);
                var kinds = string.Join(", ", spans.GroupBy(s => s.Kind).Select(g => $"{g.Key}×{g.Count()}"));
                context.Trace.Add(new TraceEvent("output", "pii", $"redacted {spans.Count} span(s): {kinds}", AlignmentAction.Redact, 0));
            }
        }

        return ValueTask.CompletedTask;
    }
}
