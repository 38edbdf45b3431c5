using System.Text.Json;
using AlignLab.Constitutions;
using AlignLab.Rules;

namespace AlignLab.Tests.Rules;

/// <summary>Every string of the Big List of Naughty Strings passes through the engine and the trace writer.</summary>
public sealed class BlnsTests
{
    public static TheoryData<string> Policies => new() { "default", "example" };

    [SharedDataTheory]
    [MemberData(nameof(Policies))]
    public void Every_naughty_string_is_checked_without_error(string policy)
    {
        var strings = JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(RepoPaths.SharedData, "blns", "blns.json")))!;
        Assert.True(strings.Length > 400);
        var engine = policy == "default" ? EngineFactory.Default : EngineFactory.Example;

        foreach (var s in strings)
        {
            foreach (var stage in new[] { PolicyStage.Input, PolicyStage.Output })
            {
                var d = engine.Evaluate(s, stage);
                foreach (var e in d.Matches.SelectMany(m => m.Evidence))
                {
                    Assert.InRange(e.OriginalSpan.Start, 0, s.Length);
                    Assert.InRange(e.OriginalSpan.End, e.OriginalSpan.Start, s.Length);
                }

                using var doc = JsonDocument.Parse(DecisionJson.Serialize(d));
                Assert.Equal(d.Action.ToName(), doc.RootElement.GetProperty("action").GetString());
            }
        }
    }
}
