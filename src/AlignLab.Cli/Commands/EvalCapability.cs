using System.Collections.Immutable;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Capability;
using AlignLab.Evaluation.Capability.Sandbox;
using AlignLab.Evaluation.Orchestration;
using AlignLab.Runtime.Evaluation;
using AlignLab.Runtime.Evaluation.Capability;
using Microsoft.Extensions.AI;

namespace AlignLab.Cli.Commands;

/// <summary>
/// The capability part of <c>alignlab eval --capability</c>: GSM8K, TruthfulQA, HumanEval and helpfulness through the
/// same strategies as the safety suites, results in <c>capability.jsonl</c>, numbers attached to each strategy.
/// </summary>
internal static class EvalCapability
{
    public const string ResultsFile = "capability.jsonl";

    /// <summary>What was asked for on the command line.</summary>
    internal sealed class Settings
    {
        public required IReadOnlyList<string> Tasks { get; init; }
        public string? DataDirectory { get; init; }
        public int? Limit { get; init; }
        public IChatClient? Judge { get; init; }
        public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
    }

    public static async Task<EvalCapabilityOutcome> RunAsync(Settings settings, IReadOnlyList<IEvalStrategy> strategies, bool hasModel, string dir,
        int concurrency, int seed, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var empty = ImmutableDictionary<string, CapabilitySummary>.Empty;
        if (!hasModel)
        {
            notes.Add($"{string.Join(", ", settings.Tasks)}: {EvalRun.NeedsModel} (the capability suites grade the model's answers)");
            return new EvalCapabilityOutcome([], [.. notes], empty);
        }

        var clients = strategies.OfType<ChatEvalStrategy>().Select(s => (s.Name, s.Client)).ToList();
        var tasks = new List<string>();
        PythonSandbox? sandbox = null;
        foreach (var task in settings.Tasks)
        {
            if (CapabilityTasks.NeedsJudge(task) && settings.Judge is null)
            {
                notes.Add($"{task}: needs --capability-judge (an LLM that grades the answers)");
                continue;
            }

            if (task == CapabilityTasks.Helpfulness && !clients.Any(c => c.Name == EvalAggregator.BaselineStrategy))
            {
                notes.Add($"{task}: needs the baseline strategy to compare with (add it to --strategies)");
                continue;
            }

            if (task == CapabilityTasks.HumanEval)
            {
                var sandboxOptions = new PythonSandboxOptions { Timeout = settings.Timeout };
                (sandbox, var unavailable) = await PythonSandbox.CreateAsync(sandboxOptions, cancellationToken).ConfigureAwait(false);
                if (sandbox is null)
                {
                    notes.Add($"{task}: skipped: {unavailable}");
                    continue;
                }
            }

            tasks.Add(task);
        }

        if (clients.Count == 0 || tasks.Count == 0)
        {
            if (clients.Count == 0)
            {
                notes.Add("capability: no model-backed strategy was selected (guard_only does not answer)");
            }

            return new EvalCapabilityOutcome([], [.. notes], empty);
        }

        var items = new List<CapabilityItem>();
        foreach (var task in tasks)
        {
            try
            {
                items.AddRange(CapabilitySuites.Load(task, settings.DataDirectory, settings.Limit));
            }
            catch (InvalidDataException ex)
            {
                throw new CliUsageException("--capability-data: " + ex.Message);
            }
        }

        var aggregator = new CapabilityAggregator();
        var path = Path.Combine(dir, ResultsFile);
        await using (var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)))
        {
            var options = new CapabilityRunOptions
            {
                Concurrency = concurrency,
                Judge = settings.Judge,
                Sandbox = sandbox,
                OnResult = async (r, ct) =>
                {
                    await writer.WriteLineAsync(CapabilityResultJson.Write(r).AsMemory(), ct).ConfigureAwait(false);
                    await writer.FlushAsync(ct).ConfigureAwait(false);
                },
            };
            await CapabilityRunner.RunAsync(items, clients, aggregator, options, cancellationToken).ConfigureAwait(false);
        }

        return new EvalCapabilityOutcome([.. tasks], [.. notes], aggregator.Summarize(EvalAggregator.BaselineStrategy, seed));
    }
}
