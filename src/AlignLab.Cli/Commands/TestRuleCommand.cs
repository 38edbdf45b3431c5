using System.CommandLine;
using System.Text.Json;
using AlignLab.Constitutions;
using AlignLab.Diagnostics;
using AlignLab.Rules;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab test-rule --policy FILE --rule-id ID --cases cases.json</c>: run a rule over expected outcomes.
/// The cases file is a JSON array (or an object with a "cases" array) of
/// <c>{"text": "…", "expect": "fire"|"no_fire", "action": "…"?, "decision": "…"?, "stage": "…"?, "context": "…"?, "profile": "…"?, "name": "…"?}</c>.
/// </summary>
internal static class TestRuleCommand
{
    public static Command Create(CliContext ctx)
    {
        var policy = CommonOptions.Policy(required: true);
        var ruleId = new Option<string>("--rule-id", "-r") { Description = "The rule under test.", Required = true };
        var cases = new Option<FileInfo>("--cases", "-c") { Description = "JSON file of cases with expected outcomes.", Required = true };
        var classifier = GuardFactory.ClassifierOption();
        var noClassifier = GuardFactory.NoClassifierOption();
        var cmd = new Command("test-rule", "Run one rule over cases with expected outcomes; prints a diff for each mismatch (exit 1 on any mismatch).")
        {
            policy, ruleId, cases, classifier, noClassifier,
        };
        cmd.SetAction(parse =>
        {
            var constitution = PolicySource.Load(parse.GetValue(policy), ctx);
            if (constitution is null)
            {
                return ExitCodes.UsageError;
            }

            var id = parse.GetValue(ruleId)!;
            if (constitution.FindRule(id) is null)
            {
                throw new CliUsageException($"no rule '{id}' in the policy; " + Suggestions.Hint(id, [.. constitution.Rules.Select(r => r.Id)]));
            }

            var list = RuleTestCase.Load(parse.GetValue(cases)!);
            var engine = GuardFactory.Create(constitution, parse.GetValue(classifier), parse.GetValue(noClassifier));
            var failures = 0;
            for (var i = 0; i < list.Count; i++)
            {
                var c = list[i];
                var label = c.Name ?? Preview(c.Text);
                var problems = engine.CheckSelection(c.Context, c.Profile);
                if (problems.Count > 0)
                {
                    throw new CliUsageException($"case {i + 1} ({label}): {string.Join("; ", problems)}");
                }

                var decision = engine.Evaluate(c.Text, c.Stage, new EvaluationOptions { Context = c.Context, Profile = c.Profile });
                var match = decision.Matches.FirstOrDefault(m => m.Rule.Id == id);
                var diffs = Compare(c, match, decision);
                if (diffs.Count == 0)
                {
                    ctx.Output.WriteLine($"  PASS  case {i + 1}: {label}");
                    continue;
                }

                failures++;
                ctx.Output.WriteLine($"  FAIL  case {i + 1}: {label}");
                foreach (var (expected, actual) in diffs)
                {
                    ctx.Output.WriteLine($"        - expected: {expected}");
                    ctx.Output.WriteLine($"        + actual:   {actual}");
                }
            }

            ctx.Output.WriteLine($"{list.Count - failures} passed, {failures} failed (rule '{id}', {list.Count} case(s))");
            return failures == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return cmd;
    }

    private static List<(string Expected, string Actual)> Compare(RuleTestCase c, RuleMatch? match, Decision decision)
    {
        var diffs = new List<(string, string)>();
        var fired = match is not null;
        if (c.ExpectFire != fired)
        {
            diffs.Add((c.ExpectFire ? "fire" : "no_fire", fired ? "fire " + Describe(match!) : "no_fire" + WhyNot(decision)));
        }

        if (fired && c.Action is { } action && match!.Action != action)
        {
            diffs.Add(($"action {action.ToName()}", $"action {match.Action.ToName()}"));
        }

        if (c.Decision is { } final && decision.Action != final)
        {
            diffs.Add(($"decision {final.ToName()}", $"decision {decision.Action.ToName()}" + (decision.DecidingRule is { } d ? $" (decided by '{d.Rule.Id}')" : string.Empty)));
        }

        return diffs;
    }

    private static string Describe(RuleMatch m)
    {
        var e = m.Evidence.FirstOrDefault();
        return e is null ? $"({m.Action.ToName()})" : $"({m.Action.ToName()}) on \"{e.OriginalText}\" at {e.OriginalSpan.Start}..{e.OriginalSpan.End}";
    }

    private static string WhyNot(Decision d) =>
        d.Matches.Count == 0 ? " (no rule fired)" : $" (fired instead: {string.Join(", ", d.Matches.Select(m => m.Rule.Id))})";

    private static string Preview(string text) => text.Length <= 60 ? text : text[..57] + "...";

    private sealed record RuleTestCase(string Text, bool ExpectFire, AlignmentAction? Action, AlignmentAction? Decision, PolicyStage Stage, string? Context, string? Profile, string? Name)
    {
        public static List<RuleTestCase> Load(FileInfo file)
        {
            if (!file.Exists)
            {
                throw new CliUsageException($"cases file not found: {file.FullName}");
            }

            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(File.ReadAllText(file.FullName), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            }
            catch (JsonException ex)
            {
                throw new CliUsageException($"{file.Name}:{(ex.LineNumber ?? 0) + 1}:{(ex.BytePositionInLine ?? 0) + 1}: invalid JSON: {IO.JsonText.Describe(ex)}");
            }

            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("cases", out var inner))
                {
                    root = inner;
                }

                if (root.ValueKind != JsonValueKind.Array)
                {
                    throw new CliUsageException($"{file.Name}: expected a JSON array of cases (or an object with a \"cases\" array)");
                }

                var list = new List<RuleTestCase>();
                var errors = new List<string>();
                var index = 0;
                foreach (var item in root.EnumerateArray())
                {
                    index++;
                    var parsed = Parse(item, index, errors);
                    if (parsed is not null)
                    {
                        list.Add(parsed);
                    }
                }

                if (errors.Count > 0)
                {
                    throw new CliUsageException($"{file.Name}: {errors.Count} problem(s):" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)));
                }

                return list;
            }
        }

        private static RuleTestCase? Parse(JsonElement item, int index, List<string> errors)
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"case {index}: must be an object");
                return null;
            }

            string? Str(string name) => item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var text = Str("text");
            if (text is null)
            {
                errors.Add($"case {index}: missing \"text\"");
                return null;
            }

            bool expect;
            if (item.TryGetProperty("expect", out var e) && e.ValueKind == JsonValueKind.String)
            {
                switch (e.GetString())
                {
                    case "fire" or "fires": expect = true; break;
                    case "no_fire" or "pass" or "none": expect = false; break;
                    default:
                        errors.Add($"case {index}: \"expect\" must be \"fire\" or \"no_fire\"");
                        return null;
                }
            }
            else if (item.TryGetProperty("expect", out e) && e.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                expect = e.GetBoolean();
            }
            else
            {
                errors.Add($"case {index}: missing \"expect\" (\"fire\" or \"no_fire\")");
                return null;
            }

            AlignmentAction? ParseAction(string name)
            {
                var s = Str(name);
                if (s is null)
                {
                    return null;
                }

                if (AlignmentActions.TryParse(s, out var a))
                {
                    return a;
                }

                errors.Add($"case {index}: unknown {name} '{s}'; {Suggestions.Hint(s, AlignmentActions.Names)}");
                return null;
            }

            var stage = PolicyStage.Input;
            if (Str("stage") is { } st && (!PolicyStages.TryParse(st, out stage) || stage == PolicyStage.All))
            {
                errors.Add($"case {index}: stage must be one of input, streaming, output (got '{st}')");
                return null;
            }

            return new RuleTestCase(text, expect, ParseAction("action"), ParseAction("decision"), stage, Str("context"), Str("profile"), Str("name"));
        }
    }
}
