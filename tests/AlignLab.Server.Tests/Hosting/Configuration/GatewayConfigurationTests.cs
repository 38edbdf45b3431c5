using System.Text;
using AlignLab.Server.Hosting;
using AlignLab.Server.Hosting.Configuration;
using AlignLab.Server.Security;
using AlignLab.Testing.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AlignLab.Server.Tests.Hosting.Configuration;

/// <summary>
/// The gateway's options bound from IConfiguration (issue 16 item 5): the YAML file through its bounded provider, and
/// ALIGNLAB__… environment variables over it, each problem placed where its value was set.
/// </summary>
public sealed class GatewayConfigurationTests
{
    private static readonly string Hash = ApiKeyHasher.Hash("a-key-from-the-environment");

    private static KeyValuePair<string, string?> Variable(string name, string value) => new(name, value);

    [Fact]
    public void ALIGNLAB_environment_variables_override_the_gateway_file_and_keys_below_a_section_use_two_underscores()
    {
        using var dir = new TempDir();
        var path = dir.Write("gateway.yaml", "upstream: openai:gpt-4o-mini\nsplit: 0.2\naudit:\n  sqlite: audit.db\n  commit_timeout_ms: 2000\n");
        var options = new GatewayOptions();

        var diagnostics = GatewayConfigLoader.LoadWithEnvironment(path, options,
            [Variable("ALIGNLAB__SPLIT", "0.7"), Variable("ALIGNLAB__AUDIT__COMMIT_TIMEOUT_MS", "3000"), Variable("ALIGNLAB_HOME", "/not/a/key")]);

        Assert.Empty(diagnostics);
        Assert.Equal(0.7, options.SplitFraction);
        Assert.Equal(TimeSpan.FromSeconds(3), options.AuditCommitTimeout);
        Assert.Equal("openai:gpt-4o-mini", options.Upstream);
        Assert.Equal(dir.File("audit.db"), options.AuditDatabasePath); // relative to the file that names it
    }

    [Fact]
    public void Api_keys_and_listen_addresses_can_come_from_environment_variables_alone_with_list_items_by_index()
    {
        var options = new GatewayOptions();

        var diagnostics = GatewayConfigLoader.LoadWithEnvironment(null, options,
        [
            Variable("ALIGNLAB__LISTEN", "http://127.0.0.1:9090"),
            Variable("ALIGNLAB__API_KEYS__0__NAME", "ops"),
            Variable("ALIGNLAB__API_KEYS__0__SHA256", Hash),
            Variable("ALIGNLAB__API_KEYS__0__SCOPES__0", "inference"),
            Variable("ALIGNLAB__API_KEYS__0__SCOPES__1", "admin"),
            Variable("ALIGNLAB__AUDIT__SQLITE", "relative.db"),
        ]);

        Assert.Empty(diagnostics);
        Assert.Equal(["http://127.0.0.1:9090"], options.Urls);
        var key = Assert.Single(options.ApiKeys);
        Assert.Equal(("ops", Hash, ApiScopes.Inference | ApiScopes.Admin), (key.Name, key.Sha256, key.Scopes));
        Assert.Equal(Path.GetFullPath("relative.db"), options.AuditDatabasePath); // a variable's path: the current folder
    }

    [Fact]
    public void A_bad_value_in_an_environment_variable_is_an_error_that_names_the_variable()
    {
        // ALIGNLAB__SPLIT=1.5 alignlab serve
        var d = Assert.Single(GatewayConfigLoader.LoadWithEnvironment(null, new GatewayOptions(), [Variable("ALIGNLAB__SPLIT", "1.5")]));

        Assert.True(d.IsError);
        Assert.Equal("environment variable ALIGNLAB__SPLIT", d.Location.File);
        Assert.Equal("split is 1.5, outside 0–1", d.Message);
    }

    [Fact]
    public void A_misspelt_ALIGNLAB_variable_is_an_unknown_key_with_a_suggestion_not_ignored()
    {
        var d = Assert.Single(
            GatewayConfigLoader.LoadWithEnvironment(null, new GatewayOptions(), [Variable("ALIGNLAB__UPSTRAEM", "openai:gpt-4o-mini")]));

        Assert.Equal("environment variable ALIGNLAB__UPSTRAEM", d.Location.File);
        Assert.Equal("unknown key 'UPSTRAEM' in the gateway file", d.Message);
        Assert.Contains("upstream", d.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_the_wrong_type_in_the_file_is_reported_at_its_line_and_column_with_the_old_message()
    {
        using var dir = new TempDir();
        var path = dir.Write("gateway.yaml", "split: 0.5\ndashboard: maybe\naudit:\n  synchronous: sometimes\n");

        var diagnostics = GatewayConfigLoader.Load(path, new GatewayOptions());

        Assert.Collection(diagnostics,
            d => Assert.Equal($"{path}:2:12: error AL1002: dashboard must be true or false, found 'maybe'", d.ToString()),
            d => Assert.Equal((4, 16), (d.Location.Line, d.Location.Column)));
    }

    [Fact]
    public void A_gateway_file_over_4_MiB_is_an_error_and_is_not_read()
    {
        using var dir = new TempDir();
        var path = dir.Write("gateway.yaml", "# " + new string('x', (int)GatewayYamlConfigurationProvider.MaxFileBytes) + "\n");

        var d = Assert.Single(GatewayConfigLoader.Load(path, new GatewayOptions()));

        Assert.Contains("more than the 4,194,304 a gateway file may have", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aliases_that_expand_a_small_file_past_100000_values_stop_with_an_error_at_the_value()
    {
        // 5 levels of 10 aliases each: 100,000 values from a 400-byte file.
        var yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        foreach (var (name, previous) in new[] { ("b", "a"), ("c", "b"), ("d", "c"), ("e", "d") })
        {
            yaml.Append(name).Append(": &").Append(name).Append(" [").AppendJoin(", ", Enumerable.Repeat("*" + previous, 10)).Append("]\n");
        }

        using var dir = new TempDir();
        var diagnostics = GatewayConfigLoader.Load(dir.Write("gateway.yaml", yaml.ToString()), new GatewayOptions());

        Assert.Contains(diagnostics,
            d => d.IsError && d.Message.StartsWith("the file expands to more than 100,000 values", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_options_fail_the_build_with_every_validation_message_before_any_store_is_opened()
    {
        using var dir = new TempDir();
        var options = new GatewayOptions { AuditDatabasePath = Path.Combine(dir.Path, "audit.db"), SplitFraction = 2, MaxRequestBodyBytes = 10 };

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayApplication.BuildAsync(options));

        Assert.Contains("split: 2 is not a fraction between 0 and 1", ex.Failures);
        Assert.Contains("max_request_body_bytes must be at least 1024", ex.Failures);
        Assert.False(File.Exists(options.AuditDatabasePath));
    }

    [Fact]
    public async Task The_host_validates_the_gateway_options_on_start_with_every_registered_validator()
    {
        using var dir = new TempDir();
        var options = new GatewayOptions { AuditDatabasePath = Path.Combine(dir.Path, "audit.db") };
        options.Urls.Clear();
        options.Urls.Add("http://127.0.0.1:0");
        await using var app = await GatewayApplication.BuildAsync(options, b =>
        {
            b.Logging.ClearProviders();
            b.Services.AddSingleton<IValidateOptions<GatewayOptions>>(new RefuseEverything());
        });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal(["refused by the test"], ex.Failures);
    }

    private sealed class RefuseEverything : IValidateOptions<GatewayOptions>
    {
        public ValidateOptionsResult Validate(string? name, GatewayOptions options) => ValidateOptionsResult.Fail("refused by the test");
    }
}
