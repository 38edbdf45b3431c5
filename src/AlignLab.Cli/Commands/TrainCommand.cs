using System.CommandLine;
using System.Globalization;
using System.Text;
using AlignLab.Adversarial;
using AlignLab.Classification;
using AlignLab.Classification.Data;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab train classifier --data DIR --out DIR</c>: build the corpus, train, calibrate, evaluate, save.</summary>
internal static class TrainCommand
{
    public static Command Create(CliContext ctx)
    {
        var data = new Option<DirectoryInfo>("--data", "-d") { Description = "The shared datasets folder (e.g. ../shared/data).", Required = true };
        var projectData = new Option<DirectoryInfo?>("--project-data") { Description = "AlignLab's own data folder (contrast and supplement sets; default: ./data)." };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Output folder for the model, metrics, manifest and training log.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed for splits and training order.", DefaultValueFactory = _ => 1234 };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => new TrainingOptions().Epochs };
        var bits = new Option<int>("--bucket-bits") { Description = "log2 of the hash buckets (model size).", DefaultValueFactory = _ => new TrainingOptions().BucketBits };
        var secondTierEpochs = new Option<int>("--second-tier-epochs") { Description = "Epochs of the second-tier network (0: linear model only).", DefaultValueFactory = _ => new TrainingOptions().SecondTierEpochs };
        var devOnly = new Option<bool>("--include-dev-only") { Description = "Also train on non-commercial development data (never use for a shipped model)." };
        var reportOod = new Option<bool>("--report-ood")
        {
            Description = "Leave-one-source-out report: train without each source and score it; writes per-source and macro figures to metrics.json "
                + "and chooses a threshold for unfamiliar traffic.",
        };
        var applyUnfamiliar = new Option<bool>("--apply-unfamiliar-threshold")
        {
            Description = "With --report-ood: raise the shipped unsafe threshold to the one chosen for unfamiliar traffic when that is higher.",
        };
        var oodBits = new Option<int?>("--ood-bucket-bits") { Description = "log2 of the hash buckets of each fold model (default: --bucket-bits)." };
        var oodEpochs = new Option<int?>("--ood-epochs") { Description = "Epochs of each fold model (default: --epochs)." };
        var oodSecondTier = new Option<int?>("--ood-second-tier-epochs") { Description = "Second-tier epochs of each fold model (default: --second-tier-epochs)." };
        var oodParallel = new Option<int>("--ood-parallelism") { Description = "Folds trained at once (default: the processor count).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var oodFpr = new Option<double>("--ood-target-macro-fpr") { Description = "Macro false-positive budget over benign sources of the threshold for unfamiliar traffic.", DefaultValueFactory = _ => 0.10 };
        var classifier = new Command("classifier", "Train the safety classifier from the shared datasets and AlignLab's own data; writes model, metrics and a training log.")
        {
            data, projectData, output, seed, epochs, bits, secondTierEpochs, devOnly, reportOod, applyUnfamiliar, oodBits, oodEpochs, oodSecondTier, oodParallel, oodFpr,
        };
        classifier.SetAction((parse, cancellationToken) =>
        {
            var outDir = parse.GetValue(output)!;
            var options = new CorpusOptions
            {
                SharedDataDirectory = parse.GetValue(data)!.FullName,
                ProjectDataDirectory = (parse.GetValue(projectData) ?? new DirectoryInfo("data")).FullName,
                Seed = parse.GetValue(seed),
                IncludeDevelopmentOnly = parse.GetValue(devOnly),
            };
            var training = new TrainingOptions { Seed = parse.GetValue(seed), Epochs = parse.GetValue(epochs), BucketBits = parse.GetValue(bits), SecondTierEpochs = parse.GetValue(secondTierEpochs) };
            OodSettings? ood = null;
            if (parse.GetValue(reportOod))
            {
                var folds = new TrainingOptions
                {
                    Seed = training.Seed, Epochs = parse.GetValue(oodEpochs) ?? training.Epochs, BucketBits = parse.GetValue(oodBits) ?? training.BucketBits,
                    SecondTierEpochs = parse.GetValue(oodSecondTier) ?? training.SecondTierEpochs,
                };
                ood = new OodSettings(folds, parse.GetValue(oodParallel), parse.GetValue(oodFpr), parse.GetValue(applyUnfamiliar));
            }

            var problems = options.Validate().Concat(training.Validate()).Concat(ood?.Problems() ?? []).ToList();
            if (problems.Count > 0)
            {
                throw new CliUsageException(string.Join("; ", problems));
            }

            return Task.FromResult(Run(ctx, options, training, outDir, cancellationToken, ood));
        });

        return new Command("train", "Train models.")
        {
            classifier, ContextualTrainCommand.Create(ctx), SftTrainCommand.Create(ctx), PreferenceTrainCommand.CreateReward(ctx),
            PreferenceTrainCommand.CreateDpo(ctx),
        };
    }

    internal static int Run(CliContext ctx, CorpusOptions corpusOptions, TrainingOptions training, DirectoryInfo outDir, CancellationToken cancellationToken, OodSettings? ood = null)
    {
        Directory.CreateDirectory(outDir.FullName);
        Corpus? corpus = null;
        SafetyModel? model = null;
        var log = new StringBuilder("epoch,loss,validation_unsafe_auc\n");
        ctx.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(progress =>
            {
                var load = progress.AddTask("Building corpus", maxValue: 1);
                corpus = CorpusBuilder.Build(corpusOptions, new Progress<string>(s => load.Description = "Corpus: " + Markup.Escape(s)));
                load.Description = $"Corpus: {corpus.Train.Count:N0} train / {corpus.Validation.Count:N0} validation / {corpus.Test.Count:N0} test";
                load.Increment(1);

                var task = progress.AddTask("Training", maxValue: training.Epochs);
                var trainer = new SafetyModelTrainer(training)
                {
                    Progress = new SynchronousProgress<EpochReport>(r =>
                    {
                        log.Append(CultureInfo.InvariantCulture, $"{r.Epoch},{r.Loss:F6},{r.ValidationAuc:F6}\n");
                        task.Description = string.Create(CultureInfo.InvariantCulture, $"Training: epoch {r.Epoch}/{r.Epochs}, loss {r.Loss:F4}, val AUC {r.ValidationAuc:F4}");
                        task.Increment(1);
                    }),
                };
                model = trainer.Train(corpus.Train, corpus.Validation, corpus.Manifest.ToJson(), cancellationToken);
            });

        OutOfDistributionReport? oodReport = null;
        if (ood is not null)
        {
            (model, oodReport) = ReportOod(ctx, corpus!, model!, ood, cancellationToken);
        }

        var classifier = new SafetyClassifier(model!);
        ctx.Console.MarkupLine("Evaluating on the test split, the contrast set and obfuscated test prompts…");
        var test = ClassifierEvaluator.Evaluate(classifier, corpus!.Test, "test", cancellationToken: cancellationToken);
        var contrast = ClassifierEvaluator.Evaluate(classifier, corpus.Contrast, "contrast", cancellationToken: cancellationToken);
        var robustness = ClassifierEvaluator.Robustness(classifier, corpus.Test, PromptTransforms.Obfuscations, training.Seed, cancellationToken);

        // The second tier is kept only if it beats the first tier alone on the same test split: report both.
        var evaluations = new List<ClassifierEvaluation> { test, contrast };
        if (model!.SecondTier is not null)
        {
            var first = new SafetyClassifier(model.FirstTierOnly());
            evaluations.Add(ClassifierEvaluator.Evaluate(first, corpus.Test, "test-first-tier", cancellationToken: cancellationToken));
            evaluations.Add(ClassifierEvaluator.Evaluate(first, corpus.Contrast, "contrast-first-tier", cancellationToken: cancellationToken));
        }

        var modelPath = Path.Combine(outDir.FullName, "safety_classifier.alsc");
        using (var stream = File.Create(modelPath))
        {
            model!.Save(stream);
        }

        File.WriteAllText(Path.Combine(outDir.FullName, "metrics.json"), ClassifierReportWriter.ToJson(evaluations, robustness, oodReport is null ? null : "out_of_distribution", oodReport?.ToJson()));
        File.WriteAllText(Path.Combine(outDir.FullName, "manifest.json"), corpus.Manifest.ToJson());
        File.WriteAllText(Path.Combine(outDir.FullName, "training_log.csv"), log.ToString());
        File.WriteAllText(Path.Combine(outDir.FullName, "report.html"), ClassifierReportWriter.ToHtml(test, robustness));
        File.WriteAllText(Path.Combine(outDir.FullName, "contrast_report.html"), ClassifierReportWriter.ToHtml(contrast));

        var table = new Table().AddColumns("set", "accuracy", "recall", "FPR", "F1", "ROC-AUC", "ECE");
        foreach (var e in evaluations)
        {
            var m = e.Unsafe;
            table.AddRow(e.Set, Pct(m.Accuracy), Pct(m.Recall), Pct(m.FalsePositiveRate), m.F1.ToString("F3", CultureInfo.InvariantCulture), m.RocAuc.ToString("F3", CultureInfo.InvariantCulture), m.Ece.ToString("F3", CultureInfo.InvariantCulture));
        }

        ctx.Console.Write(table);
        foreach (var r in robustness)
        {
            ctx.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"  robustness {r.Transform}: recall {r.TransformedRecall:P1} (clean {r.CleanRecall:P1}, drop {r.RecallDropPoints:F1} points)"));
        }

        ctx.Console.MarkupLine($"Wrote {Markup.Escape(modelPath)} ({new FileInfo(modelPath).Length / 1024.0 / 1024.0:F1} MB) and metrics.json, manifest.json, training_log.csv, report.html");
        return ExitCodes.Ok;
    }

    private static (SafetyModel Model, OutOfDistributionReport Report) ReportOod(CliContext ctx, Corpus corpus, SafetyModel model, OodSettings ood, CancellationToken cancellationToken)
    {
        ctx.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Leave-one-source-out: {corpus.Train.Select(r => r.Source).Distinct().Count()} folds, {ood.Parallelism} at a time…"));
        var report = OutOfDistributionEvaluator.Run(corpus, new SafetyClassifier(model), ood.Folds, ood.TargetMacroFpr, ood.Parallelism,
            new SynchronousProgress<string>(s => ctx.Console.MarkupLine("  " + Markup.Escape(s))), cancellationToken);
        var table = new Table().AddColumns("source", "role", "unsafe", "benign", "recall", "FPR", "recall (unfamiliar)", "FPR (unfamiliar)");
        foreach (var s in report.Sources)
        {
            table.AddRow(Markup.Escape(s.Source + (s.OutsideMacro is null ? "" : " *")), s.Role, s.Unsafe.ToString(CultureInfo.InvariantCulture), s.Benign.ToString(CultureInfo.InvariantCulture),
                Opt(s.Recall), Opt(s.FalsePositiveRate), Opt(s.UnfamiliarRecall), Opt(s.UnfamiliarFalsePositiveRate));
        }

        ctx.Console.Write(table);
        ctx.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Macro over sources (* = outside the macro): recall {Pct(report.MacroRecall)}, FPR {Pct(report.MacroFalsePositiveRate)} at each model's threshold; "
            + $"recall {Pct(report.UnfamiliarMacroRecall)}, FPR {Pct(report.UnfamiliarMacroFalsePositiveRate)} at the threshold for unfamiliar traffic "
            + $"({report.UnfamiliarThreshold:F3}; {report.Elapsed.TotalSeconds:F0} s)"));
        var threshold = (float)report.UnfamiliarThreshold;
        if (ood.ApplyUnfamiliarThreshold && threshold > model.Thresholds[SafetyLabels.Unsafe])
        {
            ctx.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Unsafe threshold raised from {model.Thresholds[SafetyLabels.Unsafe]:F3} to {threshold:F3} (unfamiliar traffic)."));
            model = OutOfDistributionEvaluator.WithUnfamiliarThreshold(model, report);
        }

        return (model, report);
    }

    private static string Opt(double? v) => v is { } x ? Pct(x) : "–";

    private static string Pct(double v) => v.ToString("P1", CultureInfo.InvariantCulture);

    /// <summary>Settings of the leave-one-source-out report.</summary>
    internal sealed record OodSettings(TrainingOptions Folds, int Parallelism, double TargetMacroFpr, bool ApplyUnfamiliarThreshold)
    {
        public IEnumerable<string> Problems()
        {
            foreach (var p in Folds.Validate())
            {
                yield return "fold model: " + p;
            }

            if (Parallelism < 1)
            {
                yield return "--ood-parallelism must be at least 1";
            }

            if (TargetMacroFpr is <= 0 or >= 1)
            {
                yield return "--ood-target-macro-fpr must be in (0, 1)";
            }
        }
    }

    /// <summary>Reports on the calling thread (unlike <see cref="Progress{T}"/>, which posts to the thread pool).</summary>
    internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
