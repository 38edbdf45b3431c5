using AlignLab.Diagnostics;
using AlignLab.Server.Hosting;
using AlignLab.Server.Hosting.Configuration;

namespace AlignLab.Server.Tests.Hosting.Configuration;

/// <summary>
/// Hostile values in <c>ALIGNLAB__…</c> variables (review finding of session 10): a value must be one line of Unicode
/// text of bounded length, or it is an error naming the variable; before, <c>ALIGNLAB__SPLIT="0.5\0"</c> was read as 0.5
/// and a line break in <c>ALIGNLAB__UPSTREAM</c> was kept.
/// </summary>
public sealed class EnvironmentVariableHostileValueTests
{
    [Theory]
    [InlineData("ALIGNLAB__UPSTREAM", "openai:x\n@http://evil", "upstream holds a control character (U+000A) at character 9")]
    [InlineData("ALIGNLAB__SPLIT", "0.5\u0000", "split holds a control character (U+0000) at character 4")]
    [InlineData("ALIGNLAB__API_KEYS__0__NAME", "o\tps", "holds a control character (U+0009) at character 2")]
    [InlineData("ALIGNLAB__LISTEN", "http://127.0.0.1:8080\r", "listen holds a control character (U+000D) at character 22")]
    public void A_value_that_is_not_one_line_of_text_is_an_error_naming_the_variable(string name, string value, string message)
    {
        var options = new GatewayOptions();
        var diagnostics = GatewayConfigLoader.LoadWithEnvironment(null, options, [new KeyValuePair<string, string?>(name, value)]);

        var d = Assert.Single(diagnostics, d => d.Message.Contains(message, StringComparison.Ordinal));
        Assert.True(d.IsError);
        Assert.Equal(DiagnosticCodes.InvalidEncoding, d.Code);
        Assert.Equal("environment variable " + name, d.Location.File);
        Assert.Null(options.Upstream);
        Assert.Equal(new GatewayOptions().SplitFraction, options.SplitFraction);
    }

    [Fact]
    public void A_value_with_half_a_surrogate_pair_is_an_error_naming_the_variable()
    {
        // Built here: an attribute argument cannot carry an unpaired surrogate (it is stored as UTF-8).
        var options = new GatewayOptions();
        var d = Assert.Single(GatewayConfigLoader.LoadWithEnvironment(null, options,
            [new KeyValuePair<string, string?>("ALIGNLAB__UPSTREAM", "openai:" + (char)0xD800 + "x")]));

        Assert.Equal(("upstream holds an unpaired surrogate (U+D800) at character 8", "environment variable ALIGNLAB__UPSTREAM"),
            (d.Message, d.Location.File));
        Assert.Null(options.Upstream);
    }

    [Fact]
    public void A_megabyte_value_is_refused_by_its_length_without_being_echoed()
    {
        var options = new GatewayOptions();
        var before = options.Urls.ToList();
        var d = Assert.Single(GatewayConfigLoader.LoadWithEnvironment(null, options,
            [new KeyValuePair<string, string?>("ALIGNLAB__LISTEN", new string('a', 1_000_000))]));

        Assert.Equal(DiagnosticCodes.InputTooLarge, d.Code);
        Assert.Equal($"listen is 1,000,000 characters long; at most {ConfigurationValueReader.MaxValueChars:N0} are read", d.Message);
        Assert.Equal(before, options.Urls);
    }

    [Fact]
    public void Letters_beyond_the_basic_plane_and_accents_are_text()
    {
        var options = new GatewayOptions();
        var diagnostics = GatewayConfigLoader.LoadWithEnvironment(null, options,
            [new KeyValuePair<string, string?>("ALIGNLAB__UPSTREAM", "openai:modèle-😀@http://127.0.0.1:9/v1")]);

        Assert.DoesNotContain(diagnostics, d => d.IsError);
        Assert.Equal("openai:modèle-😀@http://127.0.0.1:9/v1", options.Upstream);
    }
}
