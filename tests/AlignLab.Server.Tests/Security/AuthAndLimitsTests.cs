using System.Net;
using System.Text.Json;
using AlignLab.Server.Hosting;
using AlignLab.Server.Security;
using AlignLab.Server.Tests.Support;

namespace AlignLab.Server.Tests.Security;

/// <summary>Keys, rate limits, body limits and CORS over real HTTP on loopback.</summary>
public sealed class AuthAndLimitsTests
{
    private static StringContent Moderation(string text) => new(JsonSerializer.Serialize(new { input = text }), System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task Missing_or_wrong_key_gets_401_in_the_openai_error_shape_and_health_stays_open()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var anonymous = gateway.CreateClient(anonymous: true);
        using var wrong = gateway.CreateClient("not-the-key");
        using var right = gateway.CreateClient();

        using var r1 = await anonymous.PostAsync("v1/moderations", Moderation("hello"));
        using var r2 = await wrong.PostAsync("v1/moderations", Moderation("hello"));
        using var r3 = await right.PostAsync("v1/moderations", Moderation("hello"));
        using var r4 = await anonymous.GetAsync("api/policies");
        using var health = await anonymous.GetAsync("healthz");

        Assert.Equal(HttpStatusCode.Unauthorized, r1.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, r2.StatusCode);
        Assert.Equal(HttpStatusCode.OK, r3.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, r4.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var body = JsonDocument.Parse(await r2.Content.ReadAsStringAsync());
        Assert.Equal("invalid_api_key", body.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain("not-the-key", body.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_the_rate_limit_gets_429_with_retry_after_and_other_keys_are_unaffected()
    {
        await using var gateway = await RunningGateway.StartAsync(o =>
        {
            o.ApiKeys.Add(new ApiKeyEntry("slow", ApiKeyHasher.Hash("slow-key"), RequestsPerSecond: 0.2, Burst: 3));
        });
        using var slow = gateway.CreateClient("slow-key");
        using var other = gateway.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 5; i++)
        {
            var r = await slow.PostAsync("v1/moderations", Moderation("hello"));
            statuses.Add(r.StatusCode);
            if (r.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited ??= r;
            }
            else
            {
                r.Dispose();
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(limited);
        var retryAfter = limited!.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter!.Value.TotalSeconds, 1, 5);
        using (var body = JsonDocument.Parse(await limited.Content.ReadAsStringAsync()))
        {
            Assert.Equal("rate_limit_exceeded", body.RootElement.GetProperty("error").GetProperty("code").GetString());
        }

        limited.Dispose();
        using var fine = await other.PostAsync("v1/moderations", Moderation("hello"));
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    [Fact]
    public async Task A_20_MB_body_gets_413_with_or_without_a_content_length()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var client = gateway.CreateClient();

        // Raw sockets: the gateway answers 413 and closes without reading the rest of the body, which HttpClient
        // reports as a broken pipe instead of the response. Without Content-Length (chunked), Kestrel's limit stops the read.
        Assert.Equal(413, await UploadStatusAsync(gateway.BaseAddress, 20 * 1024 * 1024, chunked: false));
        Assert.Equal(413, await UploadStatusAsync(gateway.BaseAddress, 20 * 1024 * 1024, chunked: true));

        // The gateway is still serving.
        using var after = await client.PostAsync("v1/moderations", Moderation("hello"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    private static async Task<int> UploadStatusAsync(Uri baseAddress, int bytes, bool chunked)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"POST /v1/moderations HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nAuthorization: Bearer {RunningGateway.Key}\r\nContent-Type: application/json\r\n" +
            (chunked ? "Transfer-Encoding: chunked\r\n\r\n" : $"Content-Length: {bytes}\r\n\r\n");
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
        using var stopSending = new CancellationTokenSource();
        var send = Task.Run(async () =>
        {
            var chunk = System.Text.Encoding.ASCII.GetBytes(new string('a', 64 * 1024));
            var header = System.Text.Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n");
            try
            {
                for (var sent = 0; sent < bytes; sent += chunk.Length)
                {
                    if (chunked)
                    {
                        await stream.WriteAsync(header, stopSending.Token);
                    }

                    await stream.WriteAsync(chunk, stopSending.Token);
                    if (chunked)
                    {
                        await stream.WriteAsync("\r\n"u8.ToArray(), stopSending.Token);
                    }
                }
            }
            catch (IOException)
            {
                // The server closed the connection after answering: expected.
            }
            catch (OperationCanceledException) when (stopSending.IsCancellationRequested)
            {
                // The status line has been read; the rest of the body is not needed.
            }
        });
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        var statusLine = System.Text.Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];

        // Stop the writer and wait for it before closing: closing the socket under a pending write throws
        // ObjectDisposedException on the writer instead of the IOException the server's close gives.
        await stopSending.CancelAsync();
        await send.WaitAsync(TimeSpan.FromSeconds(30));
        tcp.Close();
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Cors_is_off_by_default_and_on_for_configured_origins_only()
    {
        await using var off = await RunningGateway.StartAsync();
        await using var on = await RunningGateway.StartAsync(o => o.CorsOrigins.Add("https://app.example"));

        async Task<string?> AllowedOrigin(RunningGateway g, string origin)
        {
            using var client = g.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Options, "v1/moderations");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            using var response = await client.SendAsync(request);
            return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var v) ? v.Single() : null;
        }

        Assert.Null(await AllowedOrigin(off, "https://app.example"));
        Assert.Equal("https://app.example", await AllowedOrigin(on, "https://app.example"));
        Assert.Null(await AllowedOrigin(on, "https://evil.example"));
    }

    [Fact]
    public void Options_refuse_a_public_address_without_keys_and_keys_that_are_not_hashes()
    {
        var options = new GatewayOptions();
        options.Urls.Clear();
        options.Urls.Add("http://0.0.0.0:8080");
        options.ApiKeys.Add(new ApiKeyEntry("plain", "sk-this-is-a-key-not-a-hash"));
        var problems = options.Validate();
        Assert.Contains(problems, p => p.Contains("sha256 must be 64 hex digits", StringComparison.Ordinal));

        options.ApiKeys.Clear();
        Assert.Contains(options.Validate(), p => p.Contains("needs API keys", StringComparison.Ordinal));
        options.AllowAnonymous = true;
        Assert.Empty(options.Validate());
    }
}
