using System.CommandLine;
using System.Globalization;
using AlignLab.Classification;
using AlignLab.Classification.Data;
using AlignLab.Encoders.Heads;
using AlignLab.Encoders.Onnx;
using AlignLab.Encoders.Training;
using AlignLab.IO;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab train contextual --data DIR --out DIR [--report-ood]</c>: embeds the classifier's corpus with the bundled
/// sentence encoder, trains the contextual head on the training split, stacks it with the fast tier on validation,
/// and with --report-ood measures it leave-one-source-out against the fast tier.
/// </summary>
internal static class ContextualTrainCommand
{
    public static Command Create(CliContext ctx)
    {
        var data = new Option<DirectoryInfo>("--data", "-d") { Description = "The shared datasets folder (e.g. ../shared/data).", Required = true };
        var projectData = new Option<DirectoryInfo?>("--project-data") { Description = "AlignLab's own data folder (default: ./data)." };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Output folder for contextual_minilm.alch and its metrics.", Required = true };
        var model = new Option<string?>("--model", "-m") { Description = "The fast classifier to stack with (default: the embedded model)." };
        var cache = new Option<FileInfo?>("--cache") { Description = "Embedding cache file (default: obj/contextual-embeddings.bin)." };
        var hidden = new Option<int>("--hidden") { Description = "Hidden units of the shipped head (0: logistic).", DefaultValueFactory = _ => 0 };
        var reportOod = new Option<bool>("--report-ood") { Description = "Also run leave-one-source-out against the fast tier (trains it once per source)." };
        var defaults = new TrainingOptions();
        var oodBits = new Option<int>("--ood-bucket-bits") { Description = "With --report-ood: hash bits of each fold's fast tier.", DefaultValueFactory = _ => defaults.BucketBits };
        var oodEpochs = new Option<int>("--ood-epochs") { Description = "With --report-ood: epochs of each fold's fast tier.", DefaultValueFactory = _ => defaults.Epochs };
        var oodSecond = new Option<int>("--ood-second-tier-epochs")
        {
            Description = "With --report-ood: second-tier epochs of each fold's fast tier (0: linear only).",
            DefaultValueFactory = _ => defaults.SecondTierEpochs,
        };
        var cmd = new Command("contextual", "Train the contextual tier's head on frozen all-MiniLM-L6-v2 embeddings, stacked with the fast classifier.")
        {
            data, projectData, output, model, cache, hidden, reportOod, oodBits, oodEpochs, oodSecond,
        };
        cmd.SetAction((parse, cancellationToken) =>
        {
            var options = new CorpusOptions
            {
                SharedDataDirectory = parse.GetValue(data)!.FullName,
                ProjectDataDirectory = (parse.GetValue(projectData) ?? new DirectoryInfo("data")).FullName,
            };
            var problems = options.Validate();
            if (problems.Count > 0)
            {
                throw new CliUsageException(string.Join("; ", problems));
            }

            var hiddenUnits = parse.GetValue(hidden);
            if (hiddenUnits is < 0 or > 1024)
            {
                throw new CliUsageException($"--hidden must be 0-1024 (is {hiddenUnits})");
            }

            var fast = ModelSource.Load(parse.GetValue(model));
            var foldOptions = new TrainingOptions
            {
                BucketBits = parse.GetValue(oodBits), Epochs = parse.GetValue(oodEpochs), SecondTierEpochs = parse.GetValue(oodSecond),
            };
            var foldProblems = foldOptions.Validate();
            if (foldProblems.Count > 0)
            {
                throw new CliUsageException(string.Join("; ", foldProblems));
            }

            var cachePath = parse.GetValue(cache)?.FullName ?? Path.Combine("obj", "contextual-embeddings.bin");
            return Task.FromResult(Run(ctx, options, fast, parse.GetValue(output)!, cachePath, hiddenUnits,
                parse.GetValue(reportOod) ? foldOptions : null, cancellationToken));
        });
        return cmd;
    }

    private static int Run(CliContext ctx, CorpusOptions corpusOptions, SafetyClassifier fast, DirectoryInfo outDir, string cachePath, int hidden, TrainingOptions? reportOod,
        CancellationToken cancellationToken)
    {
        using var encoder = LoadEncoder();
        var corpus = CorpusBuilder.Build(corpusOptions);
        var signature = $"all-MiniLM-L6-v2/{encoder.Options.WindowTokens}x{encoder.Options.MaxWindows}";
        var cache = EmbeddingCache.Load(cachePath, signature);
        ctx.Error.WriteLine($"corpus: {corpus.Train.Count:N0} train, {corpus.Validation.Count:N0} validation, {corpus.Test.Count:N0} test; {cache.Count:N0} cached embeddings");
        var embeddings = ContextualTraining.Embed(corpus, texts =>
        {
            ctx.Error.WriteLine($"embedding {texts.Count:N0} texts on one core");
            var progress = new Progress<int>(n =>
            {
                if (n % 1600 == 0)
                {
                    ctx.Error.WriteLine($"  {n:N0} windows");
                }
            });
            return encoder.EmbedMany(texts, progress: progress, cancellationToken: cancellationToken);
        }, cache);
        cache.Save(cachePath);

        Directory.CreateDirectory(outDir.FullName);
        var headOptions = new HeadTrainingOptions { HiddenUnits = hidden, Epochs = hidden == 0 ? 40 : 30 };
        var (head, fastTest, stackedTest) = ContextualTraining.Train(corpus, fast, embeddings, headOptions, "all-MiniLM-L6-v2", cancellationToken);
        var headPath = Path.Combine(outDir.FullName, "contextual_minilm.alch");
        using (var stream = File.Create(headPath))
        {
            ContextualHeadFile.Save(head, stream);
        }

        ctx.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"test split: fast accuracy {fastTest.Accuracy:P1} recall {fastTest.Recall:P1} FPR {fastTest.Fpr:P1}; "
            + $"with the contextual tier accuracy {stackedTest.Accuracy:P1} recall {stackedTest.Recall:P1} FPR {stackedTest.Fpr:P1}"));
        ctx.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"stack: {head.StackFast:0.###}·fast + {head.StackContext:0.###}·head + {head.StackBias:0.###}, threshold {head.Threshold:0.####}; wrote {headPath}"));

        IReadOnlyList<ScoredRow>? ood = null;
        if (reportOod is not null)
        {
            var heads = new Dictionary<string, HeadTrainingOptions>(StringComparer.Ordinal)
            {
                ["logistic"] = new() { HiddenUnits = 0, Epochs = 40 },
                ["mlp"] = new() { HiddenUnits = 32, Epochs = 30 },
            };
            var progress = new Progress<string>(ctx.Error.WriteLine);
            ood = new LeaveOneSourceOut(corpus, embeddings, reportOod, heads).Run(progress, cancellationToken);
            File.WriteAllText(Path.Combine(outDir.FullName, "contextual_ood.csv"), OodSummary.ToCsv(ood));
        }

        var metricsPath = Path.Combine(outDir.FullName, "contextual_metrics.json");
        File.WriteAllText(metricsPath, ContextualMetricsJson.Write(head, fastTest, stackedTest, ood, new Encoders.Tiers.ContextualTierOptions()));
        ctx.Error.WriteLine($"wrote {metricsPath}");
        return ExitCodes.Ok;
    }

    internal static SentenceEncoder LoadEncoder(string? folder = null)
    {
        try
        {
            return SentenceEncoder.Load(folder is null ? EncoderFiles.Bundled : EncoderFiles.InFolder(folder));
        }
        catch (EncoderLoadException ex)
        {
            throw new CliUsageException(ex.Message);
        }
    }
}
