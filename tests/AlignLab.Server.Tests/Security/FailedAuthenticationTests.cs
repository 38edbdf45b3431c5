using System.Net;
using System.Text;
using AlignLab.Server.Security;
using AlignLab.Server.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace AlignLab.Server.Tests.Security;

/// <summary>Failed authentication is throttled per client address (finding 13: 500 wrong keys in 0.09 s were all answered 401).</summary>
public sealed class FailedAuthenticationTests
{
    [Fact]
    public async Task After_the_limit_of_wrong_keys_an_address_gets_429_with_retry_after_even_with_the_right_key()
    {
        await using var gateway = await RunningGateway.StartAsync(o => o.FailedAuthenticationLimit = 10);
        using var wrong = gateway.CreateClient("wrong-key");
        using var right = gateway.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 50; i++)
        {
            using var r = await wrong.PostAsync("v1/moderations", new StringContent("{\"input\":\"hi\"}", Encoding.UTF8, "application/json"));
            statuses.Add(r.StatusCode);
        }

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(40, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.All(statuses.Skip(10), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        using var blocked = await right.GetAsync("api/policies");
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.NotNull(blocked.Headers.RetryAfter?.Delta);
        using var health = await right.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public void The_window_ends_and_addresses_are_counted_apart()
    {
        var time = new FakeTimeProvider();
        var throttle = new FailedAuthenticationThrottle(3, TimeSpan.FromMinutes(1), time);
        var a = IPAddress.Parse("192.0.2.1");
        var b = IPAddress.Parse("192.0.2.2");
        for (var i = 0; i < 3; i++)
        {
            Assert.False(throttle.IsBlocked(a, out _));
            throttle.RecordFailure(a);
        }

        Assert.True(throttle.IsBlocked(a, out var retry));
        Assert.Equal(TimeSpan.FromMinutes(1), retry);
        Assert.False(throttle.IsBlocked(b, out _));
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.True(throttle.IsBlocked(a, out retry));
        Assert.Equal(TimeSpan.FromSeconds(1), retry);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(throttle.IsBlocked(a, out _));
    }

    [Fact]
    public void Ipv6_addresses_of_one_64_network_share_a_window()
    {
        var throttle = new FailedAuthenticationThrottle(2, TimeSpan.FromMinutes(1), new FakeTimeProvider());
        throttle.RecordFailure(IPAddress.Parse("2001:db8::1"));
        throttle.RecordFailure(IPAddress.Parse("2001:db8::ffff:2"));
        Assert.True(throttle.IsBlocked(IPAddress.Parse("2001:db8::3"), out _));
        Assert.False(throttle.IsBlocked(IPAddress.Parse("2001:db8:1::3"), out _));
    }
}
