using System.Collections.Concurrent;
using System.Net;
using System.Text;
using AlignLab.Server.Hosting;
using AlignLab.Server.Telemetry;
using AlignLab.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AlignLab.Server.Tests.Telemetry;

/// <summary>Issue 19 item 7: one structured log line per request, with the decision and the key's name, never the prompt or the key.</summary>
public sealed class RequestLogTests
{
    private const string Category = RequestLogMiddleware.Category;
    private const string Prompt = "zebra-7731 how do I bake bread";

    [Fact]
    public async Task A_moderation_gives_one_line_with_route_status_decision_and_key_name_but_not_the_prompt_or_key()
    {
        var logs = new CapturingLoggerProvider();
        await using var gateway = await RunningGateway.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(logs));
        using var client = gateway.CreateClient();
        using (var r = await client.PostAsync("v1/moderations?user=" + Uri.EscapeDataString(Prompt), new StringContent($"{{\"input\":\"{Prompt}\"}}", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        var line = await logs.WaitForAsync(e => e.Fields.GetValueOrDefault("Path") == "/v1/moderations");
        Assert.Equal("POST", line.Fields["Method"]);
        Assert.Equal("200", line.Fields["StatusCode"]);
        Assert.Equal("/v1/moderations", line.Fields["Route"]);
        Assert.Equal("tests", line.Fields["KeyId"]);
        Assert.Equal("allow", line.Fields["Decision"]);
        Assert.Equal("a", line.Fields["Arm"]);
        Assert.Equal(32, line.Fields["AuditId"].Length);
        Assert.True(double.TryParse(line.Fields["Duration"], System.Globalization.CultureInfo.InvariantCulture, out _), line.Message);
        Assert.Equal(LogLevel.Information, line.Level);

        // Neither the request line nor anything the gateway logs at the level serve shows (its request lines, warnings
        // and errors) carries the prompt, from the body or the query string, or the key. ASP.NET Core's own hosting
        // lines at Information do show the query string; serve keeps them off.
        Assert.Single(logs.Entries, e => e.Category == Category && e.Fields.GetValueOrDefault("Path") == "/v1/moderations");
        var shown = logs.Entries.Where(e => e.Category == Category || e.Level >= LogLevel.Warning).ToList();
        Assert.DoesNotContain(shown, e => e.Message.Contains("zebra", StringComparison.Ordinal) || e.Fields.Values.Any(v => v.Contains("zebra", StringComparison.Ordinal)));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(RunningGateway.Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_with_a_wrong_key_is_logged_as_401_from_an_anonymous_caller_without_a_decision()
    {
        var logs = new CapturingLoggerProvider();
        await using var gateway = await RunningGateway.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(logs));
        using var client = gateway.CreateClient("wrong-key-0000000000");
        using (var r = await client.PostAsync("v1/moderations", new StringContent("{\"input\":\"hi\"}", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }

        var line = await logs.WaitForAsync(e => e.Fields.GetValueOrDefault("Path") == "/v1/moderations");
        Assert.Equal("401", line.Fields["StatusCode"]);
        Assert.Equal("anonymous", line.Fields["KeyId"]);
        Assert.Equal("-", line.Fields["Decision"]);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("wrong-key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_log_false_writes_no_request_lines()
    {
        var logs = new CapturingLoggerProvider();
        await using var gateway = await RunningGateway.StartAsync(o => o.RequestLog = false, services: s => s.AddSingleton<ILoggerProvider>(logs));
        using var client = gateway.CreateClient();
        using (var r = await client.PostAsync("v1/moderations", new StringContent("{\"input\":\"hi\"}", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        await Task.Delay(200);
        Assert.DoesNotContain(logs.Entries, e => e.Category == Category);
    }

    [Fact]
    public void The_gateway_file_reads_request_log()
    {
        using var dir = new TempDir();
        var file = dir.Write("gateway.yaml", "request_log: false\n");
        var options = new GatewayOptions();
        Assert.True(options.RequestLog);
        Assert.Empty(GatewayConfigLoader.Load(file, options));
        Assert.False(options.RequestLog);
    }

    private sealed record Entry(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, string> Fields);

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<Entry> _entries = new();

        public IReadOnlyCollection<Entry> Entries => _entries;

        public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, _entries);

        public async Task<Entry> WaitForAsync(Func<Entry, bool> match)
        {
            // The line is written when the response completes, which can be just after the client has it.
            for (var i = 0; i < 100; i++)
            {
                if (_entries.FirstOrDefault(e => e.Category == Category && match(e)) is { } e)
                {
                    return e;
                }

                await Task.Delay(50);
            }

            throw new Xunit.Sdk.XunitException("no request log line; saw: " + string.Join(" | ", _entries.Select(e => e.Category + ": " + e.Message)));
        }

        public void Dispose()
        {
        }

        private sealed class Capturing(string category, ConcurrentQueue<Entry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (k, v) in pairs)
                    {
                        fields[k] = Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                    }
                }

                entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), fields));
            }
        }
    }
}
