using System.CommandLine;
using AlignLab.Cli.Files;
using AlignLab.Rules;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab rules graph</c>: rules, shared triggers, overlaps and precedence conflicts.</summary>
internal static class RulesCommand
{
    public static Command Create(CliContext ctx)
    {
        var policy = CommonOptions.Policy();
        var format = new Option<string>("--format") { Description = "mermaid, dot or html.", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("mermaid", "dot", "html");
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var graph = new Command("graph", "Draw the rules, the trigger phrases they share, and which rule wins when both fire.")
        {
            policy, format, output,
        };
        graph.SetAction(parse =>
        {
            var outPath = parse.GetValue(output) is { } file ? OutputFile.Prepare(file.FullName, "--output", (parse.GetValue(policy), "--policy file")) : null;
            var constitution = PolicySource.Load(parse.GetValue(policy), ctx);
            if (constitution is null)
            {
                return ExitCodes.UsageError;
            }

            var g = RuleGraph.Build(constitution);
            var text = parse.GetValue(format) switch
            {
                "dot" => RuleGraphFormatter.ToDot(g),
                "html" => RuleGraphFormatter.ToHtml(g, constitution.Name),
                _ => RuleGraphFormatter.ToMermaid(g),
            };
            if (outPath is not null)
            {
                OutputFile.WriteAllText(outPath, text);
                ctx.Error.WriteLine($"wrote {outPath}: {g.Rules.Count} rules, {g.Overlaps.Count} overlaps, {g.Overlaps.Count(o => o.IsConflict)} conflicts");
            }
            else
            {
                ctx.Output.Write(text);
            }

            return ExitCodes.Ok;
        });

        return new Command("rules", "Inspect the rules of a constitution.") { graph };
    }
}
