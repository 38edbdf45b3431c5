using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AlignLab.Cli.Files;
using AlignLab.Constitutions;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Reports;
using AlignLab.Evaluation.Suites;
using AlignLab.Evaluation.Tuning;
using AlignLab.IO;
using AlignLab.Rules;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab tune --target-fpr 0.02</c>: choose category thresholds on a labelled validation suite and write them as a
/// policy overlay. By default half the cases (a seeded split, stratified by label and category) are held out: the
/// thresholds are chosen on the other half and their effect is measured on the held-out half, which is also written
/// out so that <c>alignlab eval</c> can check the tuned policy on cases it did not see.
/// </summary>
internal static class TuneCommand
{
    public static Command Create(CliContext ctx)
    {
        var target = new Option<double>("--target-fpr") { Description = "False-positive budget for the classifier's detections on benign cases (0–1).", Required = true };
        var suiteArgs = SuiteArguments.Create("the bundled harmful, benign and contrast suites; split into a part to tune on and a part held out to measure on (--holdout)");
        var policy = CommonOptions.Policy();
        var context = CommonOptions.Context();
        var profile = CommonOptions.Profile();
        var classifier = GuardFactory.ClassifierOption();
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the tuned policy (default: <policy>.tuned.yaml, or tuned_policy.yaml for the embedded default)." };
        var holdout = new Option<double>("--holdout")
        {
            Description = "Share of the cases held out from tuning to measure the tuned policy on, split by a stable hash of each case's suite and id, "
                + "stratified by label and category (0: tune on every case, with nothing left to measure on honestly).",
            DefaultValueFactory = _ => 0.5,
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the tuning/held-out split.", DefaultValueFactory = _ => 7 };
        var json = CommonOptions.Json();
        var cmd = new Command("tune", "Tune the constitution's category thresholds for a target false-positive rate and write them into a policy file.")
        {
            target, policy, context, profile, classifier, output, holdout, seed, json,
        };
        suiteArgs.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var fpr = parse.GetValue(target);
            if (fpr is <= 0 or >= 1)
            {
                throw new CliUsageException("--target-fpr must be between 0 and 1, e.g. 0.02");
            }

            var heldOutShare = parse.GetValue(holdout);
            if (!(heldOutShare is >= 0 and < 1))
            {
                throw new CliUsageException("--holdout must be at least 0 and below 1, e.g. 0.5 (0 tunes on every case)");
            }

            // Check where the overlay goes before the work: never over the policy it includes, nor over a suite.
            var policyPath = parse.GetValue(policy);
            (string?, string)[] inputs = [(policyPath, "--policy file (the tuned overlay includes it)"), .. suiteArgs.InputFiles(parse)];
            var outPath = OutputFile.Prepare(
                parse.GetValue(output) ?? (policyPath is null ? "tuned_policy.yaml" : Path.ChangeExtension(policyPath, null) + ".tuned.yaml"),
                "--output", inputs);
            var heldOutPath = heldOutShare > 0 ? OutputFile.Prepare(Path.ChangeExtension(outPath, null) + ".holdout.jsonl", "--output (its held-out cases)", inputs) : null;
            var outDir = Path.GetDirectoryName(outPath)!;
            var defaultCopy = policyPath is null ? DefaultConstitutionCopy.Check(outPath) : null;

            var constitution = PolicySource.Load(policyPath, ctx);
            if (constitution is null)
            {
                return ExitCodes.UsageError;
            }

            var cls = parse.GetValue(classifier) is { } path ? ModelSource.Load(path) : Classification.SafetyClassifier.Default
                ?? throw new CliUsageException("this build has no embedded classifier; give --classifier FILE");
            var cases = suiteArgs.Load(parse, [BundledSuites.Harmful, BundledSuites.Benign, BundledSuites.Contrast]).ToList();
            var splitSeed = parse.GetValue(seed);
            var (tuningPart, heldOut) = heldOutShare > 0 ? SuiteSplit.Split(cases, heldOutShare, splitSeed) : (cases, Array.Empty<EvalCase>());

            var evaluation = new EvaluationOptions { Context = parse.GetValue(context), Profile = parse.GetValue(profile), CollectEvidence = false };
            TuningResult result;
            Constitution tuned;
            try
            {
                (result, tuned) = ThresholdTuner.Tune(constitution, cls, tuningPart, fpr, evaluation);
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException(heldOutShare > 0
                    ? $"{ex.Message}: the tuning part has {tuningPart.Count} of the {cases.Count} cases (--holdout {heldOutShare.ToString(CultureInfo.InvariantCulture)}); give more cases or a smaller --holdout"
                    : ex.Message);
            }

            var effect = heldOut.Count > 0 ? ThresholdTuner.Measure(constitution, tuned, cls, heldOut, evaluation) : null;

            // The overlay includes the original policy, or a copy of the embedded default beside it.
            var include = defaultCopy is not null
                ? defaultCopy.Write()
                : Path.GetRelativePath(outDir, Path.GetFullPath(policyPath!)).Replace('\\', '/');

            // Written beside the target and checked there, so a failed check leaves any earlier file untouched.
            var temp = OutputFile.TempPath(outPath);
            try
            {
                File.WriteAllText(temp, PolicyOverlayWriter.Write(result, include, constitution.Name + "-tuned", DateTimeOffset.UtcNow));
                var check = ConstitutionLoader.LoadFile(temp);
                if (!check.Success)
                {
                    foreach (var d in check.Diagnostics)
                    {
                        ctx.Error.WriteLine(d.ToString());
                    }

                    return ExitCodes.InternalError;
                }

                File.Move(temp, outPath, overwrite: true);
                if (heldOutPath is not null)
                {
                    OutputFile.Write(heldOutPath, w => WriteCases(w, heldOut));
                }
            }
            finally
            {
                if (File.Exists(temp))
                {
                    OutputFile.TryDelete(temp);
                }
            }

            if (parse.GetValue(json))
            {
                ctx.Output.WriteLine(IO.JsonText.Write(IO.JsonText.Indented, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("policy", outPath);
                    w.WriteNumber("target_fpr", fpr);
                    w.WriteNumber("fpr_before", result.FprBefore);
                    w.WriteNumber("fpr_after", result.FprAfter);
                    w.WriteNumber("recall_before", result.RecallBefore);
                    w.WriteNumber("recall_after", result.RecallAfter);
                    w.WriteNumber("benign_stopped_by_rules", result.BenignStoppedByRules);
                    w.WriteStartObject("thresholds");
                    foreach (var c in result.Categories)
                    {
                        w.WriteNumber(c.Category, c.NewThreshold);
                    }

                    w.WriteEndObject();
                    w.WriteStartObject("split"); // fpr_before … recall_after above are on the tuning part
                    w.WriteNumber("holdout", heldOutShare);
                    w.WriteNumber("seed", splitSeed);
                    w.WriteNumber("tuning_cases", tuningPart.Count);
                    w.WriteNumber("held_out_cases", heldOut.Count);
                    w.WriteStringOrNull("held_out_file", heldOutPath);
                    w.WriteEndObject();
                    WriteEffect(w, effect);
                    w.WriteEndObject();
                }));
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("category", "threshold", "benign flagged", "harmful flagged");
            foreach (var c in result.Categories)
            {
                table.AddRow(c.Category, $"{c.OldThreshold.ToString("0.###", CultureInfo.InvariantCulture)} → {c.NewThreshold.ToString("0.###", CultureInfo.InvariantCulture)}",
                    $"{c.BenignFlaggedBefore} → {c.BenignFlaggedAfter}", $"{c.HarmfulFlaggedBefore} → {c.HarmfulFlaggedAfter}");
            }

            ctx.Console.Write(table);
            var tunedOn = heldOut.Count > 0 ? $"tuned on {tuningPart.Count:N0} of the {cases.Count:N0} cases (seed {splitSeed}), measured there" : "tuned and measured";
            ctx.Console.MarkupLine(Markup.Escape($"{tunedOn}: {result.Benign} benign/contrast and {result.Harmful} harmful cases: false positives {Pct(result.FprBefore)} → {Pct(result.FprAfter)} "
                + $"({result.BenignStoppedByRules} benign case(s) are stopped by rules, which thresholds do not change); harmful stopped {Pct(result.RecallBefore)} → {Pct(result.RecallAfter)}"));
            if (effect is not null)
            {
                ctx.Console.MarkupLine(Markup.Escape($"held out, not seen by tuning: {effect.Benign} benign/contrast and {effect.Harmful} harmful cases: "
                    + $"false positives {Rate(effect.FalsePositivesBefore)} → {Rate(effect.FalsePositivesAfter)}; "
                    + $"harmful stopped {Rate(effect.HarmfulBlockedBefore)} → {Rate(effect.HarmfulBlockedAfter)} (95% Wilson intervals)"));
                ctx.Console.MarkupLine(Markup.Escape($"wrote {outPath} (includes {include}) and the held-out cases to {heldOutPath}; "
                    + $"check it on cases it did not see: alignlab eval --policy {outPath} --suite {heldOutPath} --attacks none"));
            }
            else
            {
                ctx.Console.MarkupLine(Markup.Escape($"wrote {outPath} (includes {include}); --holdout 0: the numbers above are measured on the cases the thresholds were "
                    + $"chosen on, so they overstate the gain; check it on cases it did not see: alignlab eval --policy {outPath} --suite YOUR_TEST_DATA"));
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static string Pct(double v) => (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Rate(RateEstimate? r) => r is null ? "–"
        : string.Create(CultureInfo.InvariantCulture, $"{r.Rate * 100:0.0}% [{r.Low * 100:0.0}–{r.High * 100:0.0}%]");

    private static void WriteEffect(Utf8JsonWriter w, TuningEffect? effect)
    {
        if (effect is null)
        {
            w.WriteNull("held_out");
            return;
        }

        w.WriteStartObject("held_out");
        w.WriteNumber("benign", effect.Benign);
        w.WriteNumber("harmful", effect.Harmful);
        EvalReportJson.WriteRate(w, "fpr_before", effect.FalsePositivesBefore);
        EvalReportJson.WriteRate(w, "fpr_after", effect.FalsePositivesAfter);
        EvalReportJson.WriteRate(w, "recall_before", effect.HarmfulBlockedBefore);
        EvalReportJson.WriteRate(w, "recall_after", effect.HarmfulBlockedAfter);
        w.WriteEndObject();
    }

    /// <summary>The held-out cases as a suite file <c>alignlab eval --suite</c> reads (JSON Lines: id, text, label, category, source).</summary>
    private static void WriteCases(TextWriter output, IReadOnlyList<EvalCase> cases)
    {
        foreach (var c in cases)
        {
            output.Write(JsonText.Write(JsonText.Compact, w =>
            {
                w.WriteStartObject();
                w.WriteString("id", c.Id);
                w.WriteString("text", c.Text);
                w.WriteString("label", c.Label.ToString().ToLowerInvariant());
                if (c.Category is not null)
                {
                    w.WriteString("category", c.Category);
                }

                if (c.Source is not null)
                {
                    w.WriteString("source", c.Source);
                }

                w.WriteEndObject();
            }));
            output.Write('\n');
        }
    }
}
