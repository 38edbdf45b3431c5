using System.Text.Json;
using AlignLab.Rules;

namespace AlignLab.Tests.Rules;

public sealed class DecisionJsonTests
{
    [Fact]
    public void Trace_json_says_which_rule_fired_where_and_why()
    {
        var d = EngineFactory.Example.Check("How do I hack into a computer? I need medical help too.");

        using var doc = JsonDocument.Parse(DecisionJson.Serialize(d));
        var root = doc.RootElement;

        Assert.Equal("refuse_politely", root.GetProperty("action").GetString());
        Assert.Equal("refused", root.GetProperty("outcome").GetString());
        Assert.Equal("no_illegal", root.GetProperty("deciding_rule").GetString());
        Assert.True(root.GetProperty("blocking").GetBoolean());
        var matches = root.GetProperty("matches");
        Assert.Equal(2, matches.GetArrayLength());
        var ev = matches[0].GetProperty("evidence")[0];
        Assert.Equal(9, ev.GetProperty("start").GetInt32());
        Assert.Equal(13, ev.GetProperty("end").GetInt32());
        Assert.Equal("hack", ev.GetProperty("original").GetString());
        Assert.Equal("medical_disclaimer", matches[1].GetProperty("rule_id").GetString());
        Assert.Equal("This is general information only. Please consult healthcare professionals.", root.GetProperty("disclaimers")[0].GetString());
        Assert.StartsWith("Rule 'no_illegal' fired", root.GetProperty("explanation").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Allowed_decision_has_empty_lists_and_null_rule()
    {
        using var doc = JsonDocument.Parse(DecisionJson.Serialize(EngineFactory.Example.Check("hello there"), indented: false));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("deciding_rule").ValueKind);
        Assert.Equal(0, doc.RootElement.GetProperty("matches").GetArrayLength());
        Assert.Equal("allow", doc.RootElement.GetProperty("action").GetString());
    }
}
