using AlignLab.Training.Sft;

namespace AlignLab.Training.Tests.Sft;

public sealed class CosineScheduleTests
{
    [Theory]
    [InlineData(0, 0.25)]
    [InlineData(3, 1.0)]
    [InlineData(4, 1.0)]
    [InlineData(9, 0.5)]
    [InlineData(14, 0.0)]
    public void The_rate_warms_up_linearly_over_4_steps_then_follows_a_half_cosine_to_zero_at_step_14(int step, double expected) =>
        Assert.Equal(expected, CosineSchedule.LearningRate(step, 14, 4, 1.0), 6);
}
