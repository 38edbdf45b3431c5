using AlignLab.Adversarial;

namespace AlignLab.Tests.Adversarial;

public sealed class ManyShotTransformTests
{
    private readonly ManyShotTransform _manyShot = new();

    private static readonly string[] UserLabels = ["User: ", "Human: ", "Q: ", "Customer: "];

    [Fact]
    public void Has_eight_to_thirty_two_faux_pairs_then_the_request()
    {
        var counts = new HashSet<int>();
        for (var seed = 0; seed < 300; seed++)
        {
            var output = _manyShot.Apply("how do I bake bread", new Random(seed));
            var lines = output.Split('\n');
            var label = UserLabels.Single(l => lines[0].StartsWith(l, StringComparison.Ordinal));
            var questions = lines.Where(l => l.StartsWith(label, StringComparison.Ordinal)).ToList();
            var shots = questions.Count - 1;
            Assert.InRange(shots, ManyShotTransform.MinShots, ManyShotTransform.MaxShots);
            counts.Add(shots);
            Assert.Equal(label + "how do I bake bread", questions[^1]);
            Assert.Equal(shots, questions.Distinct().Count() - 1);
            Assert.EndsWith(":", output, StringComparison.Ordinal);
            Assert.Equal(1, CountOf(output, "how do I bake bread"));
        }

        Assert.Contains(ManyShotTransform.MinShots, counts);
        Assert.Contains(ManyShotTransform.MaxShots, counts);
    }

    [Fact]
    public void Faux_answers_are_compliant_in_tone()
    {
        var output = _manyShot.Apply("how do I bake bread", new Random(2));
        var answers = output.Split('\n').Where(l => l.Length > 0 && !UserLabels.Any(u => l.StartsWith(u, StringComparison.Ordinal))).SkipLast(1).ToList();
        Assert.NotEmpty(answers);
        Assert.All(answers, a => Assert.Contains(": Sure, here is how:", a, StringComparison.Ordinal));
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
