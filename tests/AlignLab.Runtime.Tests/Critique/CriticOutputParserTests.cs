using System.Globalization;
using AlignLab.Runtime.Critique;
using CsCheck;

namespace AlignLab.Runtime.Tests.Critique;

public sealed class CriticOutputParserTests
{
    [Theory]
    [InlineData("VIOLATION: yes\nSCORE: 3\nCRITIQUE: It gives lock-picking steps.")]
    [InlineData("violation: Yes\nscore: 3/10\ncritique: It gives lock-picking steps.")]
    [InlineData("**VIOLATION:** YES\n**SCORE:** 3\n**CRITIQUE:** It gives lock-picking steps.")]
    [InlineData("Let me review.\n\nVIOLATION: yes - clearly\nSCORE: 3 out of 10\nCRITIQUE: It gives lock-picking steps.\n")]
    [InlineData("<think>no violation? yes there is.</think>\nVIOLATION: yes\nSCORE: \"3\"\nCRITIQUE: It gives lock-picking steps.")]
    [InlineData("```\nVIOLATION: yes\nSCORE: 3\nCRITIQUE: It gives lock-picking steps.\n```")]
    [InlineData("- Violation: yes\n- Score: 3.0\n- Critique: It gives lock-picking steps.")]
    [InlineData("""{"violation": true, "score": 3, "critique": "It gives lock-picking steps."}""")]
    [InlineData("""Verdict: {'violation': 'yes', 'score': '3', 'critique': 'It gives lock-picking steps.',}""")]
    public void Reads_violation_score_and_critique(string output)
    {
        var verdict = CriticOutputParser.Parse(output);

        Assert.True(verdict.ViolationFound);
        Assert.Equal(3.0, verdict.Score);
        Assert.Equal("It gives lock-picking steps.", verdict.Critique);
    }

    [Theory]
    [InlineData("VIOLATION: no\nSCORE: 10\nCRITIQUE: none")]
    [InlineData("VIOLATION: None\nSCORE: 10\nCRITIQUE: none")]
    [InlineData("""{"violation": "no", "score": 10, "critique": "none"}""")]
    public void Reads_no_violation(string output)
    {
        var verdict = CriticOutputParser.Parse(output);

        Assert.False(verdict.ViolationFound);
        Assert.Equal(10.0, verdict.Score);
    }

    [Fact]
    public void A_critique_may_span_several_lines()
    {
        var verdict = CriticOutputParser.Parse("VIOLATION: yes\nCRITIQUE: First problem.\nSecond problem.\nSCORE: 4");

        Assert.Equal("First problem.\nSecond problem.", verdict.Critique);
        Assert.Equal(4.0, verdict.Score);
    }

    [Theory]
    [InlineData("VIOLATION: yes\nCRITIQUE: bad")]
    [InlineData("VIOLATION: yes\nSCORE: 85\nCRITIQUE: bad")]
    [InlineData("VIOLATION: yes\nSCORE: high\nCRITIQUE: bad")]
    public void Missing_or_out_of_range_scores_are_null(string output)
    {
        var verdict = CriticOutputParser.Parse(output);

        Assert.True(verdict.ViolationFound);
        Assert.Null(verdict.Score);
    }

    [Fact]
    public void Scores_out_of_another_scale_are_rescaled()
    {
        Assert.Equal(8.5, CriticOutputParser.Parse("VIOLATION: yes\nSCORE: 85/100").Score);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("The response is fine.")]
    [InlineData("SCORE: 9\nCRITIQUE: none")]
    [InlineData("VIOLATION: maybe\nSCORE: 5")]
    [InlineData("<think>VIOLATION: no</think>")]
    public void Output_without_a_violation_answer_fails(string? output)
    {
        Assert.Throws<CritiqueParseException>(() => CriticOutputParser.Parse(output));
    }

    private static readonly string[] Tokens =
    [
        "VIOLATION", "violation", "SCORE", "CRITIQUE", ":", "=", "yes", "no", "maybe", "7", "/", "10", "out of", "\n", " ", "{", "}",
        "'", "\"", ",", "```", "<think>", "</think>", "**", "-", "(", ")", "1e308", "NaN", ".5", "true", "[", "]",
    ];

    [Fact]
    public void Never_throws_anything_but_CritiqueParseException()
    {
        var soup = Gen.Int[0, Tokens.Length - 1].Array[0, 30].Select(ix => string.Concat(ix.Select(i => Tokens[i])));
        Gen.OneOf(Gen.String, soup).Sample(text =>
        {
            try
            {
                var verdict = CriticOutputParser.Parse(text);
                if (verdict.Score is { } s)
                {
                    Assert.InRange(s, 0.0, 10.0);
                }
            }
            catch (CritiqueParseException)
            {
            }
        }, iter: 3000);
    }

    private static readonly string[] NoiseWords = ["I", "reviewed", "the", "response", "carefully", "here", "is", "my", "assessment", "overall", "thanks"];

    [Fact]
    public void Known_answers_survive_surrounding_noise()
    {
        var noise = Gen.Int[0, NoiseWords.Length - 1].Array[1, 6].Select(ix => string.Join(" ", ix.Select(i => NoiseWords[i])));
        Gen.Select(Gen.Bool, Gen.Int[0, 20], noise.Array[0, 3], noise.Array[0, 3], Gen.Bool).Sample((violation, half, before, after, fence) =>
        {
            var score = half / 2.0;
            var body = $"VIOLATION: {(violation ? "Yes" : "no")}\nSCORE: {score.ToString(CultureInfo.InvariantCulture)}\nCRITIQUE: fix it";
            if (fence)
            {
                body = "```\n" + body + "\n```";
            }

            var text = string.Join("\n", before.Append(body));
            var verdict = CriticOutputParser.Parse(text + (after.Length > 0 ? "\n\n" + string.Join("\n", after) : string.Empty));

            Assert.Equal(violation, verdict.ViolationFound);
            Assert.Equal(score, verdict.Score);
            Assert.StartsWith("fix it", verdict.Critique, StringComparison.Ordinal);
        }, iter: 2000);
    }
}
