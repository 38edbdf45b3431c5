using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using AlignLab.Adversarial;
using AlignLab.Encoders.Tiers;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Reports;
using AlignLab.Evaluation.Suites;
using AlignLab.Providers.Clients;
using AlignLab.Runtime.Evaluation;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab eval</c>: run suites (bundled or the user's), expanded by adversarial transforms, through every
/// strategy that can run (the guard alone offline; the model-backed strategies with <c>--model</c>), and write
/// results.jsonl, summary.json, report.html, report.md and junit.xml. Resumable; gated for CI by exit code.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(CliContext ctx)
    {
        var suiteArgs = SuiteArguments.Create("every bundled suite");
        var attacks = new Option<string>("--attacks", "-a")
        {
            Description = "Adversarial transforms applied to the harmful cases: comma-separated names, or all, obfuscations, encodings, framings, none.",
            DefaultValueFactory = _ => "all",
        };
        var model = ChatPipeline.ModelOption(required: false);
        model.Description = "The model under test (enables the baseline, output_filter, constitutional, full_pipeline and consensus strategies). " + model.Description;
        var judge = new Option<string?>("--judge") { Description = "An LLM judge (provider:model… or a policy model name) that reads each answer to a harmful case: an answer it finds safe is not a successful attack." };
        var judgeTemplate = new Option<string>("--judge-template") { Description = "Judge prompt/parse template: json, llama_guard, llama_guard_native or shieldgemma.", DefaultValueFactory = _ => "json" };
        judgeTemplate.AcceptOnlyFromAmong("json", "llama_guard", "llama_guard_native", "shieldgemma");
        var strategies = new Option<string?>("--strategies") { Description = $"Comma-separated strategies to run (default: all of {string.Join(", ", EvalStrategies.Names)})." };
        var policy = CommonOptions.Policy();
        var classifier = GuardFactory.ClassifierOption();
        var noClassifier = GuardFactory.NoClassifierOption();
        var output = new Option<string?>("--output", "-o") { Description = "Directory for results.jsonl, summary.json and the reports (default: eval-results/<run id> in the AlignLab home, $ALIGNLAB_HOME or ~/.local/share/alignlab)." };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --output: cases already in its results.jsonl are skipped." };
        var concurrency = new Option<int>("--concurrency", "-j") { Description = "Cases evaluated at once.", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount) };
        var seed = new Option<int>("--seed") { Description = "Seed for attacks and bootstrap intervals.", DefaultValueFactory = _ => 7 };
        var failUnder = new Option<string[]>("--fail-under") { Description = "Exit 1 when a metric of the primary strategy is below the bound, e.g. safety=0.95. Repeatable.", AllowMultipleArgumentsPerToken = true };
        var failOver = new Option<string[]>("--fail-over") { Description = "Exit 1 when a metric of the primary strategy is above the bound, e.g. fpr=0.05. Repeatable.", AllowMultipleArgumentsPerToken = true };
        var json = CommonOptions.Json();
        var keepTraces = new Option<bool>("--keep-traces") { Description = "Store every case's decision trace in results.jsonl." };
        var capability = new Option<string?>("--capability")
        {
            Description = $"Also run capability suites through the model-backed strategies: comma-separated {string.Join(", ", Evaluation.Capability.CapabilityTasks.Names)}, truthfulqa, or all (the default when given without a value). Needs --model.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var capabilityData = new Option<string?>("--capability-data") { Description = "Read the full capability datasets from a directory laid out like ../shared/data (gsm8k/, truthfulqa/, humaneval/, benign-chat/) instead of the bundled subsets." };
        var capabilityLimit = new Option<int?>("--capability-limit") { Description = "At most this many items per capability task (a fixed pseudo-random subset)." };
        var capabilityJudge = new Option<string?>("--capability-judge") { Description = "An LLM (provider:model… or a policy model name) that grades TruthfulQA free answers and judges helpfulness against the baseline." };
        var capabilityTimeout = new Option<double>("--capability-timeout") { Description = "Seconds each HumanEval program may run in the sandbox before it is killed.", DefaultValueFactory = _ => 10 };
        var bbqData = new Option<string?>("--bbq-data")
        {
            Description = "With --suite bbq: BBQ's category files (<Category>.jsonl[.gz], e.g. ../shared/data/bbq).",
        };
        var bbqLimit = new Option<int?>("--bbq-limit")
        {
            Description = "With --suite bbq: at most this many items per category (a fixed pseudo-random subset).",
        };
        var principleJudge = new Option<string?>("--principle-judge")
        {
            Description = "An LLM (provider:model… or a policy model name) that reads every answer of the primary strategy and says "
                + "whether it follows each of the policy's principles: a per-principle adherence score with a 95% interval in the "
                + "reports. Needs --model; off by default.",
        };
        var allTiers = new Option<bool>("--all-tiers")
        {
            Description = "Decide with every available tier: the contextual tier (all-MiniLM-L6-v2 + trained heads) refines the fast "
                + "classifier's unsafe score in every strategy's guard, on every text. run.json records the tiers, so a --resume never mixes them. "
                + "Loads a 90 MB encoder.",
        };
        var encoderFolder = new Option<DirectoryInfo?>("--encoder")
        {
            Description = "With --all-tiers: a folder holding model.onnx and vocab.txt (default: the bundled encoder).",
        };
        var cmd = new Command("eval", "Evaluate safety and over-refusal on suites and adversarial attacks, compare strategies, write HTML/JSON/Markdown/JUnit reports.")
        {
            attacks, model, judge, judgeTemplate, strategies, policy, classifier, noClassifier, output, resume, concurrency, seed, failUnder, failOver, json, keepTraces,
            capability, capabilityData, capabilityLimit, capabilityJudge, capabilityTimeout, bbqData, bbqLimit, principleJudge,
            allTiers, encoderFolder,
        };
        suiteArgs.AddTo(cmd);
        cmd.SetAction(async (parse, cancellationToken) =>
        {
            var constitution = PolicySource.Load(parse.GetValue(policy), ctx);
            if (constitution is null)
            {
                return ExitCodes.UsageError;
            }

            if (parse.GetValue(concurrency) is < 1 or > 1024)
            {
                throw new CliUsageException($"--concurrency must be between 1 and 1024, not {parse.GetValue(concurrency)}");
            }

            var settings = new EvalSettings
            {
                Suites = suiteArgs.Specs(parse, BundledSuites.Names),
                Attacks = parse.GetValue(attacks) ?? "all",
                Seed = parse.GetValue(seed),
                Concurrency = parse.GetValue(concurrency),
                Resume = parse.GetValue(resume),
                KeepTraces = parse.GetValue(keepTraces),
                Json = parse.GetValue(json),
                Output = parse.GetValue(output),
                SuiteOptions = suiteArgs.Options(parse),
            };

            foreach (var (values, under) in new[] { (parse.GetValue(failUnder), true), (parse.GetValue(failOver), false) })
            {
                foreach (var g in values ?? [])
                {
                    settings.Gates.Add(ParseGate(g, under));
                }
            }

            var cls = GuardFactory.LoadClassifier(parse.GetValue(classifier), parse.GetValue(noClassifier));
            using var tier = LoadTier(parse, allTiers, encoderFolder, cls, settings.Suites);
            settings.ScoreRefiner = tier is null ? null : new ContextualScoreRefiner(tier);
            settings.ClassifierIdentity = EvalTiers.ClassifierIdentity(cls);
            settings.Tiers = EvalTiers.Describe(tier, parse.GetValue(encoderFolder));
            IChatClient? chat = null;
            string? modelName = null;
            if (parse.GetValue(model) is { } modelText)
            {
                var spec = ChatPipeline.ResolveModel(modelText, constitution);
                chat = ChatPipeline.CreateClient(spec, "--model");
                modelName = spec.ToString();
                settings.Model = $"{spec.Provider}:{spec.Model}";
            }

            Runtime.Detectors.IGuardDetector? outputJudge = null;
            if (parse.GetValue(judge) is { } judgeText)
            {
                var judgeSpec = ChatPipeline.ResolveModel(judgeText, constitution);
                Runtime.Judges.JudgeTemplate.TryGetBuiltIn(parse.GetValue(judgeTemplate), out var template);
                settings.Judge = $"{judgeSpec.Provider}:{judgeSpec.Model}";
                outputJudge = new Runtime.Judges.ChatClientJudge("output_judge", ChatPipeline.CreateClient(judgeSpec, "--judge"), template!, new Runtime.Judges.ChatClientJudgeOptions { ModelId = judgeSpec.Model });
            }

            IReadOnlyCollection<string>? selected = null;
            if (parse.GetValue(strategies) is { } list)
            {
                selected = [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                var unknown = selected.Except(EvalStrategies.Names).FirstOrDefault();
                if (unknown is not null)
                {
                    throw new CliUsageException($"unknown strategy '{unknown}'{(Diagnostics.Suggestions.Closest(unknown, EvalStrategies.Names) is { } hint ? $" (did you mean '{hint}'?)" : "")}; known: {string.Join(", ", EvalStrategies.Names)}");
                }
            }

            IChatClient? principleJudgeClient = null;
            if (parse.GetValue(principleJudge) is { } principleJudgeText)
            {
                if (chat is null)
                {
                    throw new CliUsageException("--principle-judge reads the model's answers: give --model too");
                }

                if (constitution.Principles.IsDefaultOrEmpty)
                {
                    throw new CliUsageException("--principle-judge: the policy has no principles (core_principles:) to judge under");
                }

                var principleSpec = ChatPipeline.ResolveModel(principleJudgeText, constitution);
                principleJudgeClient = ChatPipeline.CreateClient(principleSpec, "--principle-judge");
                settings.PrincipleJudge = new Evaluation.Principles.PrincipleAdherenceJudge(principleJudgeClient, [.. constitution.Principles]);
                settings.PrincipleJudgeName = $"{principleSpec.Provider}:{principleSpec.Model}";
            }

            IChatClient? capabilityJudgeClient = null;
            if (parse.GetResult(capability) is not null)
            {
                if (!Evaluation.Capability.CapabilityTasks.TryParse(parse.GetValue(capability), out var tasks, out var taskError))
                {
                    throw new CliUsageException("--capability: " + taskError);
                }

                if (parse.GetValue(capabilityLimit) is < 1)
                {
                    throw new CliUsageException("--capability-limit must be at least 1");
                }

                var timeoutSeconds = parse.GetValue(capabilityTimeout);
                if (!(timeoutSeconds > 0 && timeoutSeconds <= 600))
                {
                    throw new CliUsageException("--capability-timeout must be between 0 and 600 seconds");
                }

                var dataDir = parse.GetValue(capabilityData);
                if (dataDir is not null && !Directory.Exists(dataDir))
                {
                    throw new CliUsageException($"--capability-data: {dataDir} is not a directory");
                }

                if (parse.GetValue(capabilityJudge) is { } capabilityJudgeText)
                {
                    capabilityJudgeClient = ChatPipeline.CreateClient(ChatPipeline.ResolveModel(capabilityJudgeText, constitution), "--capability-judge");
                }

                settings.Capability = new EvalCapability.Settings
                {
                    Tasks = tasks,
                    DataDirectory = dataDir,
                    Limit = parse.GetValue(capabilityLimit),
                    Judge = capabilityJudgeClient,
                    Timeout = TimeSpan.FromSeconds(timeoutSeconds),
                };
            }

            try
            {
                if (EvalBbq.Requested(settings.Suites))
                {
                    var bbq = new EvalBbq.Settings { DataDirectory = parse.GetValue(bbqData), Limit = parse.GetValue(bbqLimit) };
                    return await EvalBbq.RunAsync(ctx, settings, bbq, constitution, cls, chat, modelName, selected, cancellationToken)
                        .ConfigureAwait(false);
                }

                return await EvalRun.RunAsync(ctx, settings, constitution, cls, chat, modelName, selected, outputJudge, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                chat?.Dispose();
                capabilityJudgeClient?.Dispose();
                principleJudgeClient?.Dispose();
            }
        });
        return cmd;
    }

    // --all-tiers: the contextual tier over the classifier. Checked before anything is loaded or written.
    private static ContextualTier? LoadTier(ParseResult parse, Option<bool> allTiers, Option<DirectoryInfo?> encoderFolder,
        Classification.SafetyClassifier? classifier, IReadOnlyList<string> suites)
    {
        if (!parse.GetValue(allTiers))
        {
            return parse.GetValue(encoderFolder) is null
                ? null
                : throw new CliUsageException("--encoder applies to --all-tiers; add --all-tiers or leave it out");
        }

        if (classifier is null)
        {
            throw new CliUsageException("--all-tiers refines the classifier's score; it cannot be used with --no-classifier");
        }

        if (EvalBbq.Requested(suites))
        {
            throw new CliUsageException("--all-tiers applies to the safety suites; --suite bbq measures the model's answers and does not take it");
        }

        return ClassifyCommand.LoadTier(classifier, parse.GetValue(encoderFolder));
    }

    /// <summary>
    /// Parses a --fail-under/--fail-over gate, accepting a percentage (safety=95%) for the metrics that are rates, and
    /// refusing a bound a rate can never reach (safety=1.5 would always fail, fpr=-1 could never pass).
    /// </summary>
    internal static EvalGate ParseGate(string text, bool under) =>
        EvalGate.TryParse(text, under, out var error) ?? throw new CliUsageException($"{(under ? "--fail-under" : "--fail-over")}: {error}");

    internal sealed class EvalSettings
    {
        public required IReadOnlyList<string> Suites { get; init; }
        public required string Attacks { get; init; }
        public int Seed { get; init; }
        public int Concurrency { get; init; }
        public bool Resume { get; init; }
        public bool KeepTraces { get; init; }
        public bool Json { get; init; }
        public string? Output { get; init; }
        public required SuiteOptions SuiteOptions { get; init; }
        public List<EvalGate> Gates { get; } = [];
        public EvalCapability.Settings? Capability { get; set; }

        /// <summary>The model under test as provider:model (recorded in run.json so that --resume continues only the same run; the endpoint may change).</summary>
        public string? Model { get; set; }

        /// <summary>The --judge model as provider:model (recorded in run.json like <see cref="Model"/>).</summary>
        public string? Judge { get; set; }

        /// <summary>The --principle-judge, or null (no principle-adherence section).</summary>
        public Evaluation.Principles.PrincipleAdherenceJudge? PrincipleJudge { get; set; }

        /// <summary>The --principle-judge model as provider:model.</summary>
        public string? PrincipleJudgeName { get; set; }

        /// <summary>The contextual tier's refiner with --all-tiers, else null (the fast classifier decides alone).</summary>
        public Detectors.IUnsafeScoreRefiner? ScoreRefiner { get; set; }

        /// <summary>The classifier as run.json records it (<see cref="EvalTiers.ClassifierIdentity"/>).</summary>
        public string? ClassifierIdentity { get; set; }

        /// <summary>The tiers as run.json records them (<see cref="EvalTiers.Describe"/>).</summary>
        public string? Tiers { get; set; }
    }
}
