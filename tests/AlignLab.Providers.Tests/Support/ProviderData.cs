namespace AlignLab.Providers.Tests.Support;

/// <summary>The three providers every scripted-server test runs against.</summary>
public static class ProviderData
{
    public static TheoryData<string> All => new("openai", "ollama", "anthropic");
}
