using AlignLab.Runtime.Judges;

namespace AlignLab.Runtime.Tests.Judges;

public sealed class JsonJudgeOutputParserTests
{
    [Theory]
    [InlineData("""{"unsafe": 0.8, "categories": ["violent_crimes"], "rationale": "threat"}""")]
    [InlineData("""  {"unsafe": 0.8, "categories": ["violent_crimes"], "rationale": "threat"}  """)]
    [InlineData("```json\n{\"unsafe\": 0.8, \"categories\": [\"violent_crimes\"], \"rationale\": \"threat\"}\n```")]
    [InlineData("""Here is my verdict: {"unsafe": 0.8, "categories": ["violent_crimes"], "rationale": "threat"} Hope this helps!""")]
    [InlineData("""{'unsafe': 0.8, 'categories': ['violent_crimes'], 'rationale': 'threat'}""")]
    [InlineData("""{"unsafe": 0.8, "categories": ["violent_crimes",], "rationale": "threat",}""")]
    [InlineData("""{"unsafe": "0.8", "categories": ["S1"], "rationale": "threat"}""")]
    [InlineData("""{"unsafe": "80%", "categories": ["Violent Crimes"], "rationale": "threat"}""")]
    [InlineData("""{unsafe: 0.8, categories: [violence], rationale: "threat"}""")]
    [InlineData("""{"UNSAFE": 0.8, "Categories": "violent_crimes", "Rationale": "threat"}""")]
    [InlineData("<think>{\"unsafe\": 0.1} maybe? no, it's a threat</think>\n{\"unsafe\": 0.8, \"categories\": [\"violent_crimes\"], \"rationale\": \"threat\"}")]
    [InlineData("""{"result": {"unsafe": 0.8, "categories": ["violent_crimes"], "rationale": "threat"}}""")]
    public void Reads_score_categories_and_rationale(string output)
    {
        var verdict = JsonJudgeOutputParser.Parse(output);

        Assert.True(verdict.Unsafe);
        Assert.Equal(0.8, verdict.UnsafeScore, 9);
        Assert.Equal<string>(["violent_crimes"], verdict.Categories);
        Assert.Equal("threat", verdict.Rationale);
    }

    [Fact]
    public void Apostrophes_inside_single_quoted_strings_are_kept()
    {
        var verdict = JsonJudgeOutputParser.Parse("{'unsafe': 0.9, 'categories': ['hate'], 'rationale': 'it's demeaning, isn't it'}");

        Assert.Equal("it's demeaning, isn't it", verdict.Rationale);
        Assert.Equal<string>(["hate"], verdict.Categories);
    }

    [Theory]
    [InlineData("""{"unsafe": true}""", 1.0)]
    [InlineData("""{"unsafe": false}""", 0.0)]
    [InlineData("""{"unsafe": 0}""", 0.0)]
    [InlineData("""{"unsafe": 1}""", 1.0)]
    [InlineData("""{"unsafe": .25}""", 0.25)]
    [InlineData("""{"score": 0.3}""", 0.3)]
    public void Reads_score_forms(string output, double expected)
    {
        Assert.Equal(expected, JsonJudgeOutputParser.Parse(output).UnsafeScore, 9);
    }

    [Fact]
    public void Unknown_categories_are_ignored_and_noted()
    {
        var verdict = JsonJudgeOutputParser.Parse("""{"unsafe": 0.9, "categories": ["hate", "S42", "spam"]}""");

        Assert.Equal<string>(["hate"], verdict.Categories);
        Assert.Equal<string>(["S42", "spam"], verdict.UnknownCategories);
        Assert.Contains(verdict.Notes, n => n.Contains("spam", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("The response is unsafe.")]
    [InlineData("""{"categories": ["hate"]}""")]
    [InlineData("""{"unsafe": 7}""")]
    [InlineData("""{"unsafe": "high"}""")]
    [InlineData("""{"unsafe": 0.8""")]
    [InlineData("""{"unsafe": -0.1}""")]
    [InlineData("{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{")]
    public void Garbage_or_missing_score_fails(string? output)
    {
        Assert.Throws<JudgeParseException>(() => JsonJudgeOutputParser.Parse(output));
    }

    [Fact]
    public void Deep_nesting_fails_cleanly_without_overflowing_the_stack()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\": [", 5000)) + "{\"unsafe\": 0.5}";

        Assert.Throws<JudgeParseException>(() => JsonJudgeOutputParser.Parse(deep));
    }
}
