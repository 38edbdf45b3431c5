using AlignLab.Rules;

namespace AlignLab.Tests.Rules;

public sealed class RuleGraphTests
{
    [Fact]
    public void Finds_shared_triggers_and_precedence_conflicts()
    {
        var engine = EngineFactory.FromYaml("""
            constitutional_ai:
              specific_rules:
                - {id: warn_drugs, trigger: "cocaine|heroin", action: add_warning, warning: "Careful."}
                - {id: refuse_drugs, trigger: "heroin|fentanyl", action: refuse_politely, message: "No."}
                - {id: regex_rule, trigger: "fent[a-z]+", action: log_only}
                - {id: unrelated, trigger: "weather", action: log_only}
            """);

        var g = RuleGraph.Build(engine.Constitution);

        var conflict = Assert.Single(g.Overlaps, o => o.First.Id == "warn_drugs");
        Assert.Equal(["heroin"], conflict.SharedPhrases);
        Assert.Equal("refuse_drugs", conflict.Winner.Id);
        Assert.True(conflict.IsConflict);
        Assert.Contains(g.Overlaps, o => o.First.Id == "refuse_drugs" && o.Second.Id == "regex_rule" && o.SharedPhrases.Contains("fentanyl"));
        Assert.DoesNotContain(g.Overlaps, o => o.First.Id == "unrelated" || o.Second.Id == "unrelated");

        var mermaid = RuleGraphFormatter.ToMermaid(g);
        Assert.StartsWith("flowchart LR", mermaid, StringComparison.Ordinal);
        Assert.Contains("-.->", mermaid, StringComparison.Ordinal);
        Assert.Contains("digraph rules", RuleGraphFormatter.ToDot(g), StringComparison.Ordinal);
        var html = RuleGraphFormatter.ToHtml(g, "t");
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("2 precedence conflicts", html, StringComparison.Ordinal);
    }
}
