using System.Net;
using System.Text;
using System.Text.Json;
using AlignLab.Server.Tests.Support;

namespace AlignLab.Server.Tests.Security;

/// <summary>
/// DNS rebinding, CSRF and framing defences over real HTTP on the default key-less loopback gateway (finding 6 and 14
/// of the security probe; the browser versions are in Dashboard/CrossSiteBrowserTests).
/// </summary>
public sealed class BrowserDefenceTests
{
    private static HttpRequestMessage Post(string path, string body, string contentType, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    // Finding 6 repro: `curl -H 'Host: evil.example' :8181/api/audit` answered 200, so a rebinding page could read the audit log.
    [Fact]
    public async Task A_request_naming_another_host_gets_421_and_ip_literals_and_localhost_are_served()
    {
        await using var gateway = await RunningGateway.StartAsync(defaultKey: false);
        using var client = gateway.CreateClient(anonymous: true);

        foreach (var path in new[] { "api/audit", "api/review", "", "ui/policy.html" })
        {
            using var evil = new HttpRequestMessage(HttpMethod.Get, path);
            evil.Headers.Host = "evil.example:" + gateway.BaseAddress.Port;
            using var r = await client.SendAsync(evil);
            Assert.Equal(HttpStatusCode.MisdirectedRequest, r.StatusCode);
            Assert.DoesNotContain("records", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var host in new[] { "127.0.0.1", "localhost", "[::1]", "app.localhost" })
        {
            using var ok = new HttpRequestMessage(HttpMethod.Get, "api/audit");
            ok.Headers.Host = host + ":" + gateway.BaseAddress.Port;
            using var r = await client.SendAsync(ok);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
    }

    [Fact]
    public async Task Configured_allowed_hosts_are_served_with_wildcards()
    {
        await using var gateway = await RunningGateway.StartAsync(o =>
        {
            o.AllowedHosts.Add("gateway.example.com");
            o.AllowedHosts.Add("*.internal.example");
        });
        using var client = gateway.CreateClient();
        foreach (var (host, expected) in new[]
        {
            ("gateway.example.com", HttpStatusCode.OK), ("a.internal.example", HttpStatusCode.OK),
            ("internal.example", HttpStatusCode.MisdirectedRequest), ("gateway.example.com.evil", HttpStatusCode.MisdirectedRequest),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "healthz");
            request.Headers.Host = host;
            using var r = await client.SendAsync(request);
            Assert.Equal(expected, r.StatusCode);
        }
    }

    // Finding 6 repro: fetch(…, {mode: 'no-cors', headers: {'Content-Type': 'text/plain'}}) from http://localhost:9003
    // replaced the serving policy, approved a review item and added a preference pair.
    [Fact]
    public async Task Cross_site_and_simple_content_type_posts_are_refused_and_change_nothing()
    {
        await using var gateway = await RunningGateway.StartAsync(defaultKey: false);
        using var client = gateway.CreateClient(anonymous: true);
        var before = gateway.State.Policies.Find("a")!.Current.Version;
        const string Policy = "constitutional_ai:\n  name: replaced\n  specific_rules: []\n";
        var json = JsonSerializer.Serialize(new { yaml = Policy });
        var pair = JsonSerializer.Serialize(new { prompt = "p", chosen = "a", rejected = "b" });

        var attempts = new[]
        {
            Post("api/policies/a/reload", Policy, "text/plain", ("Origin", "http://localhost:9003"), ("Sec-Fetch-Site", "same-site")),
            Post("api/policies/a/reload", json, "application/json", ("Origin", "http://localhost:9003")),
            Post("api/policies/a/reload", json, "application/json", ("Origin", "null")),
            Post("api/policies/a/reload", json, "application/json", ("Sec-Fetch-Site", "cross-site")),
            Post("api/policies/a/reload", Policy, "text/plain"),
            Post("api/policies/a/reload", Policy, "application/x-www-form-urlencoded"),
            Post("api/preferences", pair, "text/plain"),
            Post("api/preferences", pair, "multipart/form-data"),
            Post("api/preferences", pair, "application/json", ("Origin", "https://evil.example")),
        };
        var statuses = new List<HttpStatusCode>();
        foreach (var attempt in attempts)
        {
            using (attempt)
            using (var r = await client.SendAsync(attempt))
            {
                statuses.Add(r.StatusCode);
            }
        }

        Assert.Equal(
            [HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden,
             HttpStatusCode.UnsupportedMediaType, HttpStatusCode.UnsupportedMediaType, HttpStatusCode.UnsupportedMediaType,
             HttpStatusCode.UnsupportedMediaType, HttpStatusCode.Forbidden],
            statuses);
        Assert.Equal(before, gateway.State.Policies.Find("a")!.Current.Version);
        using var prefs = await client.GetAsync("api/preferences");
        using var doc = JsonDocument.Parse(await prefs.Content.ReadAsStringAsync());
        Assert.Equal(0, doc.RootElement.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Same_origin_json_posts_and_clients_without_browser_headers_still_work()
    {
        await using var gateway = await RunningGateway.StartAsync(defaultKey: false);
        using var client = gateway.CreateClient(anonymous: true);
        var origin = gateway.BaseAddress.GetLeftPart(UriPartial.Authority);
        var pair = JsonSerializer.Serialize(new { prompt = "p", chosen = "a", rejected = "b" });

        using var sameOrigin = await client.SendAsync(Post("api/preferences", pair, "application/json", ("Origin", origin), ("Sec-Fetch-Site", "same-origin")));
        using var sdk = await client.SendAsync(Post("api/preferences", pair, "application/json"));
        using var yaml = await client.SendAsync(Post("api/policies/validate", "constitutional_ai:\n  name: x\n", "application/yaml"));

        Assert.Equal(HttpStatusCode.Created, sameOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.Created, sdk.StatusCode);
        Assert.Equal(HttpStatusCode.OK, yaml.StatusCode);
    }

    [Fact]
    public async Task A_configured_cors_origin_may_post()
    {
        await using var gateway = await RunningGateway.StartAsync(o => o.CorsOrigins.Add("https://app.example.com"));
        using var client = gateway.CreateClient();
        using var r = await client.SendAsync(Post("v1/moderations", "{\"input\":\"hello\"}", "application/json", ("Origin", "https://app.example.com")));
        using var other = await client.SendAsync(Post("v1/moderations", "{\"input\":\"hello\"}", "application/json", ("Origin", "https://other.example.com")));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    // Finding 14 repro: dashboard pages could be framed (no frame-ancestors, no X-Frame-Options) and /api/* JSON lacked nosniff.
    [Fact]
    public async Task Every_response_forbids_framing_and_sniffing()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var client = gateway.CreateClient();
        foreach (var path in new[] { "", "ui/policy.html", "ui/app.js", "api/policies", "api/audit", "healthz", "readyz", "api/nothing-here" })
        {
            using var r = await client.GetAsync(path);
            Assert.Equal("nosniff", string.Join(",", r.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("DENY", string.Join(",", r.Headers.GetValues("X-Frame-Options")));
            var csp = r.Headers.TryGetValues("Content-Security-Policy", out var values) ? string.Join(",", values) : "";
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        }
    }
}
