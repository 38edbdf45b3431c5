namespace AlignLab.Cli.Tests;

public sealed class OpenAILogProbabilitiesTests
{
    [Fact]
    public void The_verdict_probability_is_read_from_the_overall_better_token_not_from_a_principle_verdict()
    {
        (string, double)[] tokens =
        [
            ("{\"principles\": [{\"id\": \"harmless\", \"better\": \"", 0), ("2", Math.Log(0.4)), ("\"}], ", 0),
            ("\"better\": \"", 0), ("2", Math.Log(0.9)), ("\", \"confidence\": 1}", 0),
        ];

        Assert.Equal(0.9, OpenAILogProbabilities.VerdictProbability(tokens, "2")!.Value, 6);
        Assert.Null(OpenAILogProbabilities.VerdictProbability(tokens, "1"));
        Assert.Null(OpenAILogProbabilities.VerdictProbability([("no verdict", 0)], "1"));
    }
}
