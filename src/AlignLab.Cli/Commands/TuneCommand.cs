using System.CommandLine;
using System.Globalization;
using AlignLab.Cli.Files;
using AlignLab.Constitution;
using AlignLab.Evaluation.Suites;
using AlignLab.Evaluation.Tuning;
using AlignLab.Rules;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab tune --target-fpr 0.02</c>: choose category thresholds on a labelled validation suite and write them as a policy overlay.</summary>
internal static class TuneCommand
{
    public static Command Create(CliContext ctx)
    {
        var target = new Option<double>("--target-fpr") { Description = "False-positive budget for the classifier's detections on benign cases (0–1).", Required = true };
        var suiteArgs = SuiteArguments.Create("the bundled harmful, benign and contrast suites; prefer your own validation data, since tuning on the suites you evaluate on overstates the result");
        var policy = CommonOptions.Policy();
        var context = CommonOptions.Context();
        var profile = CommonOptions.Profile();
        var classifier = GuardFactory.ClassifierOption();
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the tuned policy (default: <policy>.tuned.yaml, or tuned_policy.yaml for the embedded default)." };
        var json = CommonOptions.Json();
        var cmd = new Command("tune", "Tune the constitution's category thresholds for a target false-positive rate and write them into a policy file.")
        {
            target, policy, context, profile, classifier, output, json,
        };
        suiteArgs.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var fpr = parse.GetValue(target);
            if (fpr is <= 0 or >= 1)
            {
                throw new CliUsageException("--target-fpr must be between 0 and 1, e.g. 0.02");
            }

            // Check where the overlay goes before the work: never over the policy it includes, nor over a suite.
            var policyPath = parse.GetValue(policy);
            var outPath = OutputFile.Prepare(
                parse.GetValue(output) ?? (policyPath is null ? "tuned_policy.yaml" : Path.ChangeExtension(policyPath, null) + ".tuned.yaml"),
                "--output",
                [(policyPath, "--policy file (the tuned overlay includes it)"), .. suiteArgs.InputFiles(parse)]);
            var outDir = Path.GetDirectoryName(outPath)!;
            var defaultCopy = policyPath is null ? DefaultConstitutionCopy.Check(outPath) : null;

            var constitution = PolicySource.Load(policyPath, ctx);
            if (constitution is null)
            {
                return ExitCodes.UsageError;
            }

            var cls = parse.GetValue(classifier) is { } path ? ModelSource.Load(path) : Classification.SafetyClassifier.Default
                ?? throw new CliUsageException("this build has no embedded classifier; give --classifier FILE");
            var cases = suiteArgs.Load(parse, [BundledSuites.Harmful, BundledSuites.Benign, BundledSuites.Contrast]);

            var evaluation = new EvaluationOptions { Context = parse.GetValue(context), Profile = parse.GetValue(profile), CollectEvidence = false };
            TuningResult result;
            try
            {
                (result, _) = ThresholdTuner.Tune(constitution, cls, cases, fpr, evaluation);
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException(ex.Message);
            }

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
            ctx.Console.MarkupLine($"on {result.Benign} benign/contrast and {result.Harmful} harmful cases: false positives {result.FprBefore:P1} → {result.FprAfter:P1} ({result.BenignStoppedByRules} benign case(s) are stopped by rules, which thresholds do not change); harmful stopped {result.RecallBefore:P1} → {result.RecallAfter:P1}");
            ctx.Console.MarkupLine($"wrote {Markup.Escape(outPath)} (includes {Markup.Escape(include)}); check it with: alignlab eval --policy {Markup.Escape(outPath)}");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
