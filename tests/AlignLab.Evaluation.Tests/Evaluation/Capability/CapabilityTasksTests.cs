using AlignLab.Evaluation.Capability;

namespace AlignLab.Tests.Evaluation.Capability;

public sealed class CapabilityTasksTests
{
    [Theory]
    [InlineData(null, "gsm8k,truthfulqa_mc,truthfulqa_gen,humaneval,helpfulness")]
    [InlineData("all", "gsm8k,truthfulqa_mc,truthfulqa_gen,humaneval,helpfulness")]
    [InlineData("humaneval, GSM8K", "gsm8k,humaneval")]
    [InlineData("truthfulqa", "truthfulqa_mc,truthfulqa_gen")]
    [InlineData("gsm8k,gsm8k", "gsm8k")]
    public void Task_lists_parse_into_report_order(string? text, string expected)
    {
        Assert.True(CapabilityTasks.TryParse(text, out var tasks, out var error), error);
        Assert.Equal(expected, string.Join(",", tasks));
    }

    [Fact]
    public void An_unknown_task_is_explained_with_the_closest_name()
    {
        Assert.False(CapabilityTasks.TryParse("gsm8k,humanevla", out _, out var error));
        Assert.Contains("'humanevla'", error, StringComparison.Ordinal);
        Assert.Contains("humaneval", error!.Replace("'humanevla'", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
