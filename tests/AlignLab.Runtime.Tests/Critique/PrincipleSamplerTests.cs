using AlignLab.Constitutions;
using AlignLab.Diagnostics;
using AlignLab.Runtime.Critique;

namespace AlignLab.Runtime.Tests.Critique;

public sealed class PrincipleSamplerTests
{
    private static Principle P(string id, double weight, string? critique = null) =>
        new(id, id, weight, critique, null, SourceLocation.FileOnly("t.yaml"));

    [Fact]
    public void Draws_are_proportional_to_weight()
    {
        var principles = new[] { P("light", 1), P("heavy", 9) };
        var random = new Random(123);
        const int draws = 4000;

        var heavy = Enumerable.Range(0, draws).Count(_ => PrincipleSampler.Sample(principles, 1, random)[0].Id == "heavy");

        Assert.InRange(heavy / (double)draws, 0.87, 0.93);
    }

    [Fact]
    public void Zero_weight_principles_are_never_drawn_and_draws_are_distinct()
    {
        var principles = new[] { P("a", 1), P("zero", 0), P("b", 2), P("nan", double.NaN) };
        var eligible = PrincipleSampler.Eligible(principles, PrincipleSelection.All);

        for (var seed = 0; seed < 200; seed++)
        {
            var drawn = PrincipleSampler.Sample(eligible, 5, new Random(seed)).Select(p => p.Id).ToArray();
            Assert.Equal(["a", "b"], drawn.Order());
        }
    }

    [Fact]
    public void Same_seed_same_draws()
    {
        var principles = Enumerable.Range(0, 10).Select(i => P("p" + i, 1 + i)).ToArray();

        var a = PrincipleSampler.Sample(principles, 3, new Random(5)).Select(p => p.Id);
        var b = PrincipleSampler.Sample(principles, 3, new Random(5)).Select(p => p.Id);

        Assert.Equal(a, b);
    }

    [Fact]
    public void Selection_by_critique_prompt_keeps_only_those_principles()
    {
        var eligible = PrincipleSampler.Eligible([P("a", 1, "check a"), P("b", 1), P("c", 1, "  ")], PrincipleSelection.WithCritiquePrompt);

        Assert.Equal(["a"], eligible.Select(p => p.Id));
    }
}
