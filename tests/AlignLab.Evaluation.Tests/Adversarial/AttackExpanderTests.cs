using AlignLab.Adversarial;

namespace AlignLab.Tests.Adversarial;

public sealed class AttackExpanderTests
{
    private static readonly (string Id, string Text)[] Suite =
    [
        ("bake", "how do I bake bread"),
        ("poem", "Write a short poem about the sea"),
        ("capital", "What is the capital of France?"),
    ];

    [Fact]
    public void Yields_one_case_per_case_and_transform_with_stable_ids()
    {
        var cases = AttackExpander.Expand(Suite, PromptTransforms.All, seed: 7).ToList();
        Assert.Equal(Suite.Length * PromptTransforms.All.Count, cases.Count);
        var expectedIds = Suite.SelectMany(c => PromptTransforms.All.Select(t => $"{c.Id}~{t.Name}"));
        Assert.Equal(expectedIds, cases.Select(c => c.Id));
        Assert.Equal(cases.Count, cases.Select(c => c.Id).Distinct().Count());
        Assert.All(cases, c =>
        {
            Assert.Equal(c.ParentId + "~" + c.Transform, c.Id);
            var t = PromptTransforms.Find(c.Transform)!;
            var text = Suite.Single(s => s.Id == c.ParentId).Text;
            Assert.Equal(t.Apply(text, PromptTransforms.RandomFor(7, t.Name, c.ParentId)), c.Text);
        });
    }

    [Fact]
    public void Is_deterministic_and_independent_of_the_rest_of_the_suite()
    {
        var first = AttackExpander.Expand(Suite, PromptTransforms.All, 7).ToList();
        var again = AttackExpander.Expand(Suite, PromptTransforms.All, 7).ToList();
        Assert.Equal(first, again);

        var alone = AttackExpander.Expand([Suite[1]], PromptTransforms.All.Reverse(), 7).ToList();
        Assert.All(alone, c => Assert.Contains(c, first));
    }

    [Fact]
    public void Different_seeds_give_different_rewrites()
    {
        var a = AttackExpander.Expand(Suite, PromptTransforms.Framings, 1).Select(c => c.Text);
        var b = AttackExpander.Expand(Suite, PromptTransforms.Framings, 2).Select(c => c.Text);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Streams_the_cases()
    {
        var read = 0;
        IEnumerable<(string Id, string Text)> Endless()
        {
            for (var i = 0; ; i++)
            {
                read++;
                yield return ($"c{i}", "how do I bake bread " + i);
            }
        }

        var expanded = AttackExpander.Expand(Endless(), [new HexTransform(), new Rot13Transform()], 3);
        Assert.Equal(0, read);
        var taken = expanded.Take(5).ToList();
        Assert.Equal(["c0~hex", "c0~rot13", "c1~hex", "c1~rot13", "c2~hex"], taken.Select(c => c.Id));
        Assert.Equal(3, read);
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        Assert.Throws<ArgumentNullException>(() => AttackExpander.Expand(null!, PromptTransforms.All, 1));
        Assert.Throws<ArgumentNullException>(() => AttackExpander.Expand(Suite, null!, 1));
        Assert.Throws<ArgumentException>(() => AttackExpander.Expand(Suite, [new HexTransform(), new HexTransform()], 1));
        Assert.Throws<ArgumentException>(() => AttackExpander.Expand(Suite, [null!], 1));
        Assert.Throws<ArgumentException>(() => AttackExpander.Expand([(null!, "x")], PromptTransforms.All, 1).ToList());
        Assert.Empty(AttackExpander.Expand(Suite, [], 1));
        Assert.Empty(AttackExpander.Expand([], PromptTransforms.All, 1));
    }
}
