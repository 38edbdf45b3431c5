using System.CommandLine;
using System.Text.Json;
using AlignLab.Constitutions;
using AlignLab.Diagnostics;
using AlignLab.IO;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab validate FILE…</c>: report every problem in constitution files with file:line:column.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext ctx)
    {
        var files = new Argument<string[]>("files") { Description = "Constitution YAML files.", Arity = ArgumentArity.OneOrMore };
        var strict = new Option<bool>("--warnings-as-errors") { Description = "Fail on warnings too." };
        var json = CommonOptions.Json();
        var cmd = new Command("validate", "Validate constitution files; prints every error with file:line:column and a fix hint (exit 1 on errors, 2 when a file is missing).")
        {
            files, strict, json,
        };
        cmd.SetAction(parse =>
        {
            var all = new List<Diagnostic>();
            var summaries = new List<(string File, ConstitutionLoadResult Result)>();
            foreach (var f in parse.GetValue(files) ?? [])
            {
                var result = ConstitutionLoader.LoadFile(f);
                summaries.Add((f, result));
                all.AddRange(result.Diagnostics);
            }

            var errors = all.Count(d => d.IsError);
            var warnings = all.Count - errors;
            var failed = errors > 0 || (parse.GetValue(strict) && warnings > 0);
            if (parse.GetValue(json))
            {
                WriteJson(ctx.Output, summaries, failed);
            }
            else
            {
                foreach (var d in all)
                {
                    ctx.Output.WriteLine(d.ToString());
                }

                foreach (var (file, result) in summaries.Where(s => s.Result.Success))
                {
                    var c = result.Constitution!;
                    ctx.Output.WriteLine($"{file}: ok: {c.Rules.Length} rule(s), {c.Principles.Length} principle(s), {c.Categories.Count} {(c.Categories.Count == 1 ? "category" : "categories")}, {c.Contexts.Count} context(s), {c.Profiles.Count} profile(s)");
                }

                ctx.Output.WriteLine($"{errors} error(s), {warnings} warning(s)");
            }

            // A file that is not there is a usage error (README's exit codes), not a failed validation.
            if (summaries.Any(s => !File.Exists(s.File)))
            {
                return ExitCodes.UsageError;
            }

            return failed ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return cmd;
    }

    private static void WriteJson(TextWriter output, List<(string File, ConstitutionLoadResult Result)> summaries, bool failed)
    {
        output.WriteLine(JsonText.Write(JsonText.Indented, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("valid", !failed);
            w.WriteStartArray("diagnostics");
            foreach (var d in summaries.SelectMany(s => s.Result.Diagnostics))
            {
                w.WriteStartObject();
                w.WriteString("severity", d.IsError ? "error" : "warning");
                w.WriteString("code", d.Code);
                w.WriteString("message", d.Message);
                w.WriteString("file", d.Location.File);
                w.WriteNumber("line", d.Location.Line);
                w.WriteNumber("column", d.Location.Column);
                if (d.Hint is not null)
                {
                    w.WriteString("hint", d.Hint);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }
}
