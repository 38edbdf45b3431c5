using System.ClientModel;
using System.Diagnostics;
using System.Globalization;
using AlignLab.Server.Tests.Support;
using AlignLab.Testing.ModelServer;
using OpenAI;
using OpenAI.Chat;
using Xunit.Abstractions;

namespace AlignLab.Server.Tests.OpenAi;

/// <summary>
/// Issue 14 item 13: with a model sending a word every 50 ms, the first text came through the gateway after 836 ms
/// (169 ms direct) and the answer arrived only when the model finished. The same scripted upstream is called directly
/// and through the gateway (default constitution, classifier and PII redaction on) with the official OpenAI .NET SDK;
/// the numbers are printed for docs/PERFORMANCE.md. The bounds are generous: the machine is shared.
/// </summary>
[Collection(StreamingLatencyCollection.Name)]
public sealed class StreamingLatencyOverSdkTests(ITestOutputHelper output)
{
    /// <summary>18 words, streamed one per chunk.</summary>
    private const string Answer = "Paris is the capital of France. It lies on the Seine, and about two million people live there.";

    private static readonly TimeSpan WordDelay = TimeSpan.FromMilliseconds(50);

    private const int Runs = 5;

    [Theory]
    [InlineData(16, 2)] // the default constitution: first check at 4 tokens, then every 16
    [InlineData(4, 5)] // the same with check_interval: 4
    public async Task A_scripted_upstream_streaming_a_word_every_50_ms_reaches_the_sdk_through_the_gateway_early_and_progressively(int checkInterval, int minChunks)
    {
        var reply = ScriptedReply.Text(Answer) with { ChunkDelay = WordDelay };
        Assert.Equal(18, reply.TokenList.Count);
        var policy = File.ReadAllText(Path.Combine(RepoPaths.Examples, "default_constitution.yaml"))
            .Replace("check_interval: 16,", $"check_interval: {checkInterval},", StringComparison.Ordinal);
        await using var scripted = await ScriptedGateway.StartAsync(_ => reply, policy);
        var direct = new OpenAIClient(new ApiKeyCredential("direct"), new OpenAIClientOptions { Endpoint = scripted.Upstream.OpenAIBaseUrl })
            .GetChatClient("scripted");
        var gateway = scripted.Sdk();

        // Warm-up: the first request through the gateway loads the classifier and compiles the paths.
        await TimeAsync(direct);
        await TimeAsync(gateway);
        var directRuns = new List<StreamTiming>();
        var gatewayRuns = new List<StreamTiming>();
        for (var i = 0; i < Runs; i++)
        {
            directRuns.Add(await TimeAsync(direct));
            gatewayRuns.Add(await TimeAsync(gateway));
        }

        var d = StreamTiming.Median(directRuns);
        var g = StreamTiming.Median(gatewayRuns);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"check_interval {checkInterval}, median of {Runs}: first text direct {d.FirstMs:0} ms, gateway {g.FirstMs:0} ms ({g.FirstMs - d.FirstMs:+0;-0;0}); " +
            $"last text direct {d.LastMs:0} ms, gateway {g.LastMs:0} ms ({g.LastMs - d.LastMs:+0;-0;0}); text chunks direct {d.Chunks}, gateway {g.Chunks}"));
        foreach (var (run, i) in gatewayRuns.Select((r, i) => (r, i)))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {i + 1}: direct {directRuns[i].FirstMs:0}/{directRuns[i].LastMs:0} ms, gateway {run.FirstMs:0}/{run.LastMs:0} ms (first/last text)"));
        }

        Assert.All(gatewayRuns, r => Assert.Equal(Answer, r.Text));
        Assert.InRange(g.FirstMs, 0, d.FirstMs + 300);
        Assert.InRange(g.LastMs, 0, d.LastMs + 300);
        // Progressive: the first text arrives while the model is still writing, well before the last.
        Assert.InRange(g.LastMs - g.FirstMs, 400, double.MaxValue);
        Assert.InRange(g.Chunks, minChunks, 18);
    }

    private static async Task<StreamTiming> TimeAsync(ChatClient sdk)
    {
        var started = Stopwatch.GetTimestamp();
        double? first = null;
        double last = 0;
        var chunks = 0;
        var text = "";
        await foreach (var update in sdk.CompleteChatStreamingAsync([new UserChatMessage("Tell me about Paris.")]))
        {
            var part = string.Concat(update.ContentUpdate.Select(p => p.Text));
            if (part.Length == 0)
            {
                continue;
            }

            var at = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            first ??= at;
            last = at;
            chunks++;
            text += part;
        }

        return new StreamTiming(first ?? double.NaN, last, chunks, text);
    }

    private sealed record StreamTiming(double FirstMs, double LastMs, int Chunks, string Text)
    {
        public static StreamTiming Median(IReadOnlyList<StreamTiming> runs)
        {
            static double Mid(IEnumerable<double> values)
            {
                var sorted = values.Order().ToArray();
                return sorted[sorted.Length / 2];
            }

            return new StreamTiming(Mid(runs.Select(r => r.FirstMs)), Mid(runs.Select(r => r.LastMs)), (int)Mid(runs.Select(r => (double)r.Chunks)), runs[0].Text);
        }
    }
}
