using AlignLab.Constitutions;
using AlignLab.Diagnostics;
using AlignLab.Models;

namespace AlignLab.Tests.Constitutions;

public sealed class AllowedModelsTests
{
    private static readonly ConstitutionLoadOptions Api = ConstitutionLoadOptions.Default with
    {
        Includes = IncludeMode.None,
        AllowedModels = [ModelSpec.TryParse("openai:gpt-4o-mini", out _)!, ModelSpec.TryParse("ollama:llama3.1@http://127.0.0.1:11434", out _)!],
    };

    [Theory]
    [InlineData("judge: openai:gpt-4o-mini")]
    [InlineData("judge: {provider: ollama, model: llama3.1, endpoint: \"http://127.0.0.1:11434\"}")]
    public void A_model_the_gateway_allows_loads(string entry)
    {
        var result = ConstitutionLoader.LoadText($"models:\n  {entry}\n", "m.yaml", null, Api);

        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
    }

    [Theory]
    [InlineData("judge: \"openai:gpt-4o-mini@https://collector.example/v1\"")] // the gateway's key sent to another host
    [InlineData("judge: \"openai:gpt-4o-mini;api_key_env=DATABASE_PASSWORD\"")] // another secret sent to OpenAI
    [InlineData("judge: openai:gpt-4o")]
    [InlineData("judge: {provider: ollama, model: llama3.1, endpoint: \"http://10.0.0.5:11434\"}")]
    public void Any_other_model_is_an_error_at_its_entry_that_names_it_and_reveals_nothing(string entry)
    {
        var result = ConstitutionLoader.LoadText($"models:\n  {entry}\n", "m.yaml", null, Api);

        var d = Assert.Single(result.Errors);
        Assert.Equal(DiagnosticCodes.ModelNotAllowed, d.Code);
        Assert.Equal((2, 3), (d.Location.Line, d.Location.Column));
        Assert.StartsWith("model 'judge' (", d.Message, StringComparison.Ordinal);
        Assert.EndsWith("is not allowed for a policy sent over the API", d.Message, StringComparison.Ordinal);
        foreach (var secretish in new[] { "collector", "DATABASE_PASSWORD", "OPENAI_API_KEY", "10.0.0.5" })
        {
            Assert.DoesNotContain(secretish, d.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_a_list_any_model_is_accepted() =>
        Assert.True(ConstitutionLoader.LoadText("models:\n  judge: \"openai:x@https://h.example/v1\"\n", "m.yaml").Success);
}
