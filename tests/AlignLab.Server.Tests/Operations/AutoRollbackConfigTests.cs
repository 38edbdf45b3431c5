using AlignLab.Server.Hosting;

namespace AlignLab.Server.Tests.Operations;

/// <summary>The gateway file's <c>auto_rollback</c> section, read through the gateway's own loader and validation.</summary>
public sealed class AutoRollbackConfigTests
{
    [Fact]
    public void The_auto_rollback_section_sets_every_bound_and_null_turns_one_off()
    {
        using var dir = new TempDir();
        var path = dir.Write("gateway.yaml", """
            auto_rollback:
              enabled: true
              window_seconds: 120
              min_requests: 30
              max_block_rate_increase: 0.15
              max_error_rate: null
              max_latency_p99_ms: 750
              max_review_overturn_rate: 0.4
              min_reviews: 6
            """);
        var options = new GatewayOptions();

        Assert.Empty(GatewayConfigLoader.Load(path, options));

        var a = options.AutoRollback;
        Assert.True(a.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(120), a.Window);
        Assert.Equal((30, 6), (a.MinRequests, a.MinReviews));
        Assert.Equal(0.15, a.MaxBlockRateIncrease);
        Assert.Null(a.MaxErrorRate);
        Assert.Equal(750, a.MaxLatencyP99Ms);
        Assert.Equal(0.4, a.MaxReviewOverturnRate);
    }

    [Fact]
    public void Bad_values_are_reported_with_their_line_and_a_misspelt_key_gets_a_suggestion()
    {
        using var dir = new TempDir();
        var path = dir.Write("gateway.yaml", """
            auto_rollback:
              enabled: true
              max_error_rate: lots
              max_block_rate_increase: 2
              windw_seconds: 5
            """);

        var diagnostics = GatewayConfigLoader.Load(path, new GatewayOptions());

        Assert.Contains(diagnostics, d => d.IsError && d.Location.Line == 3 && d.Message.Contains("auto_rollback.max_error_rate must be a number",
            StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.IsError && d.Message.Contains("auto_rollback.max_block_rate_increase: 2 is not a rate",
            StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.IsError && d.Location.Line == 5 && (d.Hint ?? "").Contains("window_seconds", StringComparison.Ordinal));
    }
}
