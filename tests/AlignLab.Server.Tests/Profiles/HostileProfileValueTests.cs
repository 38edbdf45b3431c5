using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using AlignLab.Server.Tests.Support;

namespace AlignLab.Server.Tests.Profiles;

/// <summary>
/// Issue 19 item 6, bad input: a profile or context name that is very long, holds control characters, is not valid
/// UTF-8, is empty, repeated or of the wrong JSON type gets a 400 (431 from Kestrel past its header limit) and never
/// a 500; the value is not echoed back, and the gateway goes on serving.
/// </summary>
public sealed class HostileProfileValueTests
{
    [Theory]
    [InlineData(65)]
    [InlineData(4_000)]
    public async Task A_profile_header_longer_than_a_name_is_400_without_echoing_it(int length)
    {
        await using var gateway = await ProfileGateway.StartAsync();
        using var client = ProfileGateway.Client(gateway, RunningGateway.Key);
        var value = new string('x', length);

        using var r = await client.SendAsync(ProfileGateway.Post("v1/chat/completions", ProfileGateway.Chat("hi"), ("X-AlignLab-Profile", value)));
        var body = await r.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains($"is {length:N0} characters long; a name has at most 64", body, StringComparison.Ordinal);
        Assert.DoesNotContain(value, body, StringComparison.Ordinal);
        await StillServesAsync(client, gateway);
    }

    [Fact]
    public async Task A_header_past_kestrels_limit_is_431_and_the_gateway_goes_on()
    {
        await using var gateway = await ProfileGateway.StartAsync();
        using var client = ProfileGateway.Client(gateway, RunningGateway.Key);
        using var r = await client.SendAsync(ProfileGateway.Post("v1/moderations", """{"input":"x"}""",
            ("X-AlignLab-Profile", new string('y', 40_000))));
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, r.StatusCode);
        await StillServesAsync(client, gateway);
    }

    [Theory]
    [InlineData("child\u0001safe")]
    [InlineData("child\tsafe")]
    [InlineData("child safe")]
    [InlineData("child_safé")]
    [InlineData("")]
    public async Task A_metadata_name_with_control_or_non_ascii_characters_or_empty_is_400(string name)
    {
        await using var gateway = await ProfileGateway.StartAsync();
        using var client = ProfileGateway.Client(gateway, RunningGateway.Key);
        var json = JsonSerializer.Serialize(new { input = "x", metadata = new { alignlab_profile = name } });
        using var r = await client.SendAsync(ProfileGateway.Post("v1/moderations", json));
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.BadRequest, body);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal("metadata.alignlab_profile", doc.RootElement.GetProperty("error").GetProperty("param").GetString());
        await StillServesAsync(client, gateway);
    }

    [Theory]
    [InlineData("""{"input":"x","metadata":"child_safe"}""", "metadata")]
    [InlineData("""{"input":"x","metadata":{"alignlab_profile":7}}""", "metadata.alignlab_profile")]
    [InlineData("""{"input":"x","metadata":{"alignlab_context":["a"]}}""", "metadata.alignlab_context")]
    public async Task Metadata_of_the_wrong_type_is_400_naming_the_field(string json, string param)
    {
        await using var gateway = await ProfileGateway.StartAsync();
        using var client = ProfileGateway.Client(gateway, RunningGateway.Key);
        using var r = await client.SendAsync(ProfileGateway.Post("v1/moderations", json));
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.BadRequest, body);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal(param, doc.RootElement.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task Two_profile_headers_are_400_whether_on_one_line_or_two()
    {
        await using var gateway = await ProfileGateway.StartAsync();
        using var client = ProfileGateway.Client(gateway, RunningGateway.Key);
        using var request = ProfileGateway.Post("v1/moderations", """{"input":"x"}""");
        request.Headers.TryAddWithoutValidation("X-AlignLab-Profile", ["child_safe", "expert"]);
        using var r = await client.SendAsync(request);
        Assert.Contains("X-AlignLab-Profile header", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);

        var raw = await RawAsync(gateway, Encoding.ASCII.GetBytes("child_safe\r\nX-AlignLab-Profile: expert"));
        Assert.StartsWith("HTTP/1.1 400", raw, StringComparison.Ordinal);
        Assert.Contains("send the X-AlignLab-Profile header at most once (it came 2 times)", raw, StringComparison.Ordinal);
    }

    // curl -H $'X-AlignLab-Profile: \xff\xfe' … and -H $'X-AlignLab-Profile: child\x01safe' …: raw bytes an HttpClient
    // will not send, so they go over a socket.
    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x61 })]
    [InlineData(new byte[] { 0x63, 0x68, 0xC3, 0x28 })]
    [InlineData(new byte[] { 0x63, 0x01, 0x73 })]
    [InlineData(new byte[] { 0x63, 0x7F, 0x73 })]
    public async Task A_header_with_invalid_utf8_or_control_bytes_sent_raw_is_400_never_500(byte[] value)
    {
        await using var gateway = await ProfileGateway.StartAsync();
        var answer = await RawAsync(gateway, value);
        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);

        using var client = ProfileGateway.Client(gateway, RunningGateway.Key);
        await StillServesAsync(client, gateway);
    }

    /// <summary>
    /// Sends a moderation whose X-AlignLab-Profile header value is <paramref name="value"/> byte for byte; returns the
    /// whole answer.
    /// </summary>
    private static async Task<string> RawAsync(ScriptedGateway gateway, byte[] value)
    {
        const string Body = """{"input":"hello"}""";
        var head = Encoding.ASCII.GetBytes(
            "POST /v1/moderations HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + RunningGateway.Key
            + "\r\nContent-Type: application/json\r\nContent-Length: " + Body.Length + "\r\nConnection: close\r\nX-AlignLab-Profile: ");
        var request = head.Concat(value).Concat(Encoding.ASCII.GetBytes("\r\n\r\n" + Body)).ToArray();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, gateway.Gateway.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(request);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        return await reader.ReadToEndAsync();
    }

    private static async Task StillServesAsync(HttpClient client, ScriptedGateway gateway)
    {
        using var r = await client.SendAsync(ProfileGateway.Post("v1/moderations", """{"input":"fireworks"}""",
            ("X-AlignLab-Profile", "child_safe")));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("child_safe", r.Headers.GetValues("x-alignlab-profile").Single());
        Assert.NotNull(gateway);
    }
}
