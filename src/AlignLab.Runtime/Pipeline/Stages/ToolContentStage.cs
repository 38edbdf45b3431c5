using System.Diagnostics;
using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Rules;
using AlignLab.Runtime.Telemetry;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Pipeline.Stages;

/// <summary>
/// Tool results and retrieved content (input only, with <see cref="AlignmentOptions.GuardToolContent"/>): a message
/// whose text the rules or classifier take for a prompt injection or jailbreak is replaced by
/// <see cref="AlignmentOptions.RemovedContentNotice"/>. It runs with or without a user turn (an autonomous agent's
/// conversation may hold only a system prompt, its own calls and their results) and after a terminal decision too.
/// </summary>
internal sealed class ToolContentStage : IGuardStage
{
    private static readonly string[] InjectionCategories = [HarmCategory.PromptInjection.Id, HarmCategory.Jailbreak.Id];

    public string Name => "tool_content";

    public PolicyStage Stages => PolicyStage.Input;

    public bool RunsWhenDecided => true;

    public ValueTask RunAsync(GuardContext context)
    {
        var pipeline = context.Pipeline;
        if (!pipeline.Options.GuardToolContent)
        {
            return ValueTask.CompletedTask;
        }

        var list = context.Messages;
        for (var i = 0; i < list.Count; i++)
        {
            var m = list[i];
            var isTool = m.Role == ChatRole.Tool || m.Contents.Any(c => c is FunctionResultContent) || IsMarkedRetrieved(m);
            if (!isTool)
            {
                continue;
            }

            var text = ToolText(m);
            if (text.Length == 0)
            {
                continue;
            }

            var t0 = Stopwatch.GetTimestamp();
            var d = pipeline.Evaluate(text, PolicyStage.Input);
            var injection = IsInjection(d);
            if (injection)
            {
                list[i] = ReplaceToolContent(m, pipeline.Options.RemovedContentNotice);
                AlignmentLog.RemovedInjection(pipeline.Logger, m.Role.Value, i);
            }

            var summary = injection
                ? $"message {i} ({m.Role.Value}) removed: {AlignmentPipeline.Summarize(d)}"
                : $"message {i} ({m.Role.Value}) checked: no injection";
            var action = injection ? AlignmentAction.Redact : AlignmentAction.Allow;
            context.Trace.Add(new TraceEvent("input", Name, summary, action, AlignmentPipeline.Ms(t0))
            {
                Decision = d,
            });
        }

        return ValueTask.CompletedTask;
    }

    private static bool IsInjection(Decision d) =>
        d.Action >= AlignmentAction.RefusePolitely &&
        (d.DecidingDetection is { } det && InjectionCategories.Contains(det.Category.Id) ||
         d.DecidingRule?.Rule.Category is { } c && InjectionCategories.Contains(c.Id) ||
         d.Matches.Any(m => m.Rule.Category is { } mc && InjectionCategories.Contains(mc.Id) && m.Action >= AlignmentAction.RefusePolitely) ||
         d.Detections.Any(x => InjectionCategories.Contains(x.Category.Id) && x.Action >= AlignmentAction.RefusePolitely));

    private static bool IsMarkedRetrieved(ChatMessage m) =>
        m.AdditionalProperties?.TryGetValue("alignlab.retrieved", out var v) == true && v is true or "true";

    private static string ToolText(ChatMessage m)
    {
        var parts = new List<string>();
        foreach (var c in m.Contents)
        {
            switch (c)
            {
                case TextContent t when !string.IsNullOrEmpty(t.Text):
                    parts.Add(t.Text);
                    break;
                case FunctionResultContent f when f.Result is not null:
                    parts.Add(f.Result as string ?? f.Result.ToString() ?? string.Empty);
                    break;
            }
        }

        return string.Join("\n", parts);
    }

    private static ChatMessage ReplaceToolContent(ChatMessage m, string notice)
    {
        var contents = new List<AIContent>();
        foreach (var c in m.Contents)
        {
            contents.Add(c switch
            {
                TextContent => new TextContent(notice),
                FunctionResultContent f => new FunctionResultContent(f.CallId, notice),
                _ => c,
            });
        }

        return new ChatMessage(m.Role, contents)
        {
            AuthorName = m.AuthorName,
            MessageId = m.MessageId,
            AdditionalProperties = m.AdditionalProperties,
        };
    }
}
