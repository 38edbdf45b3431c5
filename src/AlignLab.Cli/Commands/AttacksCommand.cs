using System.CommandLine;
using AlignLab.Adversarial;
using AlignLab.Cai.Files;
using AlignLab.Cli.Files;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Suites;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab attacks expand</c>: eval's template attack transforms applied to a suite, written to a suite file.</summary>
internal static class AttacksCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("attacks", "Template attacks (the transforms eval --attacks applies).");
        cmd.Subcommands.Add(Expand(ctx));
        return cmd;
    }

    private static Command Expand(CliContext ctx)
    {
        var suites = SuiteArguments.Create("none (required)");
        var attacks = new Option<string>("--attacks", "-a")
        {
            Description = "Comma-separated transforms or groups (all, obfuscations, encodings, framings): "
                + string.Join(", ", PromptTransforms.All.Select(t => t.Name)) + ".",
            DefaultValueFactory = _ => "all",
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the randomised transforms (eval's default is 7: the same seed gives eval's texts).",
            DefaultValueFactory = _ => 7,
        };
        var output = new Option<string>("--out", "-o") { Description = "The .jsonl suite file to write.", Required = true };
        var cmd = new Command("expand", "Applies attack transforms to the harmful cases of suites (as eval does: not to jailbreaks or injections) "
            + "and writes the attacked prompts as a suite file for eval --suite or cai generate --prompts.")
        {
            attacks, seed, output,
        };
        suites.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            if (parse.GetValue(suites.Suites) is not { Length: > 0 })
            {
                throw new CliUsageException("attacks expand needs --suite (a bundled suite name or a file)");
            }

            if (!PromptTransforms.TryParse(parse.GetValue(attacks)!, out var transforms, out var error))
            {
                throw new CliUsageException("--attacks: " + error);
            }

            var outPath = parse.GetValue(output)!;
            if (!outPath.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
            {
                throw new CliUsageException("--out: write a .jsonl file (eval and cai generate read it as a suite)");
            }

            outPath = OutputFile.Prepare(outPath, "--out", suites.InputFiles(parse));
            var set = suites.Load(parse, [], CaseLabel.Harmful);
            EvalCase? parent = null;
            var harmful = set.Where(c => c.Label == CaseLabel.Harmful && c.Transform is null
                && c.Suite is not (BundledSuites.Jailbreaks or BundledSuites.Injections));
            var rows = AttackExpander.Expand(harmful.Select(c => { parent = c; return (c.Id, c.Text); }), transforms, parse.GetValue(seed))
                .Select(a => new SuitePromptRecord
                {
                    Id = a.Id,
                    Text = a.Text,
                    Label = "harmful",
                    Category = parent!.Category,
                    Source = parent.Source,
                    ParentId = a.ParentId,
                    Transform = a.Transform,
                });
            var written = PromptFiles.Write(outPath, rows);
            SuiteArguments.ReportErrors(ctx, set);
            ctx.Output.WriteLine($"attacks expand: wrote {written} attacked prompt(s) ({transforms.Count} transform(s)) to {outPath}");
            return written > 0 ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return cmd;
    }
}
