using AlignLab.Constitutions;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Pipeline.Stages;

/// <summary>
/// Guidance added to the system prompt (input only): the constitution's <c>context_injection</c> note when the unsafe
/// score reaches its minimum, and the <c>system_guidance</c> of the active context and profile.
/// </summary>
internal sealed class ContextInjectionStage : IGuardStage
{
    public string Name => "context_injection";

    public PolicyStage Stages => PolicyStage.Input;

    public bool RunsWhenDecided => false;

    public ValueTask RunAsync(GuardContext context)
    {
        var (constitution, options) = (context.Pipeline.Constitution, context.Pipeline.Options);
        var guidance = new List<string>();
        var settings = constitution.Runtime.ContextInjection;
        var scores = context.Decision?.Scores;
        if (settings.Enabled && scores is { } s && s.Unsafe >= settings.MinScore)
        {
            guidance.Add(settings.Guidance);
        }

        var contextAdjustment = options.Context is null ? null : constitution.Contexts.GetValueOrDefault(options.Context);
        var profileAdjustment = options.Profile is null ? null : constitution.Profiles.GetValueOrDefault(options.Profile);
        foreach (var adj in new[] { contextAdjustment, profileAdjustment })
        {
            if (adj?.SystemGuidance is { Length: > 0 } g)
            {
                guidance.Add(g);
            }
        }

        if (guidance.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        var list = context.Messages;
        var insertAt = list.FindLastIndex(m => m.Role == ChatRole.System) + 1;
        list.Insert(insertAt, new ChatMessage(ChatRole.System, string.Join("\n\n", guidance)));
        var score = scores is { } s2 ? $" (unsafe score {s2.Unsafe:0.00})" : "";
        var summary = $"added {guidance.Count} guidance note(s) to the system prompt" + score;
        context.Trace.Add(new TraceEvent("input", Name, summary, AlignmentAction.Allow, 0));
        return ValueTask.CompletedTask;
    }
}
