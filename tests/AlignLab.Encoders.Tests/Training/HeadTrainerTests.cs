using AlignLab.Encoders.Training;

namespace AlignLab.Encoders.Tests.Training;

public sealed class HeadTrainerTests
{
    private static (List<float[]> X, List<bool> Y) Toy(int n, int seed)
    {
        // Unsafe when the first coordinate is positive; the rest is noise.
        var random = new Random(seed);
        var x = new List<float[]>();
        var y = new List<bool>();
        for (var i = 0; i < n; i++)
        {
            var v = Enumerable.Range(0, 8).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            x.Add(v);
            y.Add(v[0] > 0);
        }

        return (x, y);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    public void A_head_learns_a_separable_toy_problem(int hidden)
    {
        var (x, y) = Toy(600, 1);
        var head = new HeadTrainer(new HeadTrainingOptions { HiddenUnits = hidden, Epochs = 40, LearningRate = 0.01f }).TrainHead(x, y);
        var (tx, ty) = Toy(300, 2);
        var correct = tx.Select((v, i) => head.Logit(v) > 0 == ty[i]).Count(c => c);
        Assert.True(correct >= 285, $"{correct}/300");
    }

    [Fact]
    public void The_stack_leans_on_the_informative_signal_and_its_threshold_keeps_the_fpr_budget()
    {
        // The fast score is noise, the head's log-odds carries the label: the stack must weight the head.
        var random = new Random(3);
        var y = Enumerable.Range(0, 400).Select(i => i % 2 == 0).ToList();
        var fast = y.Select(_ => (float)random.NextDouble()).ToList();
        var head = y.Select(v => (v ? 2f : -2f) + (float)((random.NextDouble() * 2) - 1)).ToList();

        var stack = new HeadTrainer(new HeadTrainingOptions { TargetFpr = 0.05 }).FitStack(fast, head, y);

        Assert.True(Math.Abs(stack.Context) > 5 * Math.Abs(stack.Fast), $"{stack}");
        var fp = y.Select((v, i) => !v && stack.Probability(fast[i], head[i]) >= stack.Threshold).Count(b => b);
        Assert.True(fp <= 10, $"{fp} false positives of 200");
    }
}
