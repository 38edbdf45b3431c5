using System.Diagnostics;
using System.Globalization;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Capability;
using AlignLab.Refusals;
using AlignLab.Constitutions;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Evaluation.Capability;

/// <summary>
/// Sends capability items through the same chat clients the safety strategies use (the bare model, the aligned
/// pipelines) and scores the answers: GSM8K by the extracted number, TruthfulQA multiple choice by the chosen option,
/// HumanEval by running the completed function's tests in the sandbox, TruthfulQA generation and helpfulness with
/// the LLM judge. A refused item (a guard stopped it or the model declined) scores 0; a provider, judge or sandbox
/// failure is an errored item that scores 0, never a pass.
/// </summary>
public static class CapabilityRunner
{
    /// <summary>Runs every item through every strategy and adds the results to <paramref name="aggregator"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid, or a task needs a judge, the sandbox or the baseline and it is missing.</exception>
    public static async Task RunAsync(IReadOnlyList<CapabilityItem> items, IReadOnlyList<(string Name, IChatClient Client)> strategies, CapabilityAggregator aggregator, CapabilityRunOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(strategies);
        ArgumentNullException.ThrowIfNull(aggregator);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate().ToList();
        var tasks = items.Select(i => i.Task).ToHashSet(StringComparer.Ordinal);
        if (options.Judge is null && tasks.FirstOrDefault(CapabilityTasks.NeedsJudge) is { } judged)
        {
            errors.Add($"{judged} needs a judge");
        }

        if (options.Sandbox is null && tasks.Contains(CapabilityTasks.HumanEval))
        {
            errors.Add("humaneval needs the sandbox");
        }

        if (tasks.Contains(CapabilityTasks.Helpfulness) && !strategies.Any(s => s.Name == options.Baseline))
        {
            errors.Add($"helpfulness is compared with '{options.Baseline}', which is not among the strategies");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        // The baseline answers first, so helpfulness can compare the others with its answer.
        var ordered = strategies.OrderByDescending(s => s.Name == options.Baseline).ToList();
        using var sinks = new SerialResultSink<CapabilityResult>(options.OnResult is { } onResult ? (r, ct) => new ValueTask(onResult(r, ct)) : null, aggregator.Add);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(items, parallel, async (item, ct) =>
        {
            Answer? reference = null;
            foreach (var (name, client) in ordered)
            {
                var t0 = Stopwatch.GetTimestamp();
                var answer = await AskAsync(client, item, ct).ConfigureAwait(false);
                if (name == options.Baseline)
                {
                    reference = answer;
                }

                var result = await ScoreAsync(item, name, answer, name == options.Baseline ? null : reference, options, ct).ConfigureAwait(false);
                result = result with
                {
                    LatencyMs = Stopwatch.GetElapsedTime(t0).TotalMilliseconds,
                    Response = answer.Text.Length > options.MaxResponseChars ? answer.Text[..options.MaxResponseChars] + "…" : answer.Text,
                };
                await sinks.WriteAsync(result).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    private static async Task<Answer> AskAsync(IChatClient client, CapabilityItem item, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, CapabilityPrompts.For(item))], cancellationToken: cancellationToken).ConfigureAwait(false);
            var trace = response.GetAlignmentTrace();
            var failure = trace?.Events.FirstOrDefault(e => e.Stage == "generation" && e.Kind == "failure");
            var refused = trace?.FinalAction.IsTerminal() == true || RefusalDetector.Default.Detect(response.Text).IsRefusal;
            return new Answer(response.Text, refused, failure?.Summary);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new Answer("", false, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private static async Task<CapabilityResult> ScoreAsync(CapabilityItem item, string strategy, Answer answer, Answer? reference, CapabilityRunOptions options, CancellationToken cancellationToken)
    {
        var result = new CapabilityResult(item.Id, item.Task, strategy) { Refused = answer.Refused && answer.Error is null };
        if (answer.Error is not null)
        {
            return result with { Error = answer.Error };
        }

        if (item.Task == CapabilityTasks.Helpfulness)
        {
            return await HelpfulnessAsync(item, result, answer, reference, options.Judge!, cancellationToken).ConfigureAwait(false);
        }

        if (answer.Refused)
        {
            return result with { Detail = "refused" };
        }

        try
        {
            switch (item.Task)
            {
                case CapabilityTasks.Gsm8k:
                    var got = AnswerExtractor.ExtractNumber(answer.Text);
                    var right = got is { } g && g == item.Answer;
                    return result with { Score = right ? 1 : 0, Detail = string.Create(CultureInfo.InvariantCulture, $"expected {item.Answer}, got {(got is null ? "no number" : got.ToString())}") };
                case CapabilityTasks.TruthfulQaMc:
                    var choice = AnswerExtractor.ExtractChoice(answer.Text, item.Options);
                    return result with { Score = choice == item.CorrectOption ? 1 : 0, Detail = $"expected {(char)('A' + item.CorrectOption)}, got {(choice is { } c ? ((char)('A' + c)).ToString() : "no choice")}" };
                case CapabilityTasks.TruthfulQaGen:
                    var truthful = await new TruthfulnessJudge(options.Judge!).IsTruthfulAsync(item, answer.Text, cancellationToken).ConfigureAwait(false);
                    return result with { Score = truthful ? 1 : 0, Detail = truthful ? "judge: true" : "judge: false" };
                case CapabilityTasks.HumanEval:
                    var code = CodeCompletion.ExtractCode(answer.Text);
                    if (code.Length == 0)
                    {
                        return result with { Detail = "no code in the answer" };
                    }

                    var run = await options.Sandbox!.RunAsync(CodeCompletion.BuildProgram(item, code), cancellationToken).ConfigureAwait(false);
                    if (run.ExitCode == AlignLab.Evaluation.Capability.Sandbox.PythonSandbox.SetupFailedExitCode)
                    {
                        return result with { Error = "sandbox set-up failed: " + LastLine(run.Stderr) };
                    }

                    return result with { Score = run.Passed ? 1 : 0, Detail = run.Passed ? "tests passed" : run.TimedOut ? "timed out" : "tests failed: " + LastLine(run.Stderr) };
                default:
                    return result with { Error = $"unknown capability task '{item.Task}'" };
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return result with { Error = $"{ex.GetType().Name}: {ex.Message}" };
        }
    }

    private static async Task<CapabilityResult> HelpfulnessAsync(CapabilityItem item, CapabilityResult result, Answer answer, Answer? reference, IChatClient judge, CancellationToken cancellationToken)
    {
        if (reference is null)
        {
            return result with { Score = 0.5, Detail = "reference answer" }; // the baseline against itself: parity by definition
        }

        if (reference.Error is not null)
        {
            return result with { Error = "the baseline's answer failed: " + reference.Error };
        }

        if (answer.Refused || reference.Refused)
        {
            var score = answer.Refused == reference.Refused ? 0.5 : answer.Refused ? 0 : 1;
            return result with { Score = score, Detail = answer.Refused && reference.Refused ? "both refused" : answer.Refused ? "refused; the baseline answered" : "answered; the baseline refused" };
        }

        try
        {
            var (s, detail) = await new HelpfulnessJudge(judge).CompareAsync(CapabilityPrompts.For(item), answer.Text, reference.Text, cancellationToken).ConfigureAwait(false);
            return result with { Score = s, Detail = detail };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return result with { Error = $"helpfulness judge failed: {ex.GetType().Name}: {ex.Message}" };
        }
    }

    private static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var last = lines.Length == 0 ? "" : lines[^1];
        return last.Length <= 200 ? last : last[..200] + "…";
    }

    private sealed record Answer(string Text, bool Refused, string? Error);
}
