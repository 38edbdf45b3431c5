using System.Net;
using AlignLab.Server.Hosting;
using AlignLab.Server.Security;
using CsCheck;

namespace AlignLab.Server.Tests.Security;

/// <summary>The Host allow-list behind the DNS-rebinding defence, as properties over generated host names and addresses.</summary>
public sealed class HostAllowListTests
{
    private static readonly Gen<string> Label = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"], 1, 12]
        .Where(l => !l.StartsWith('-') && !l.EndsWith('-'));

    private static readonly Gen<string> Name = Label.Array[1, 4].Select(labels => string.Join('.', labels));

    private static HostAllowList Configured(params string[] hosts)
    {
        var options = new GatewayOptions();
        options.Urls.Clear();
        options.Urls.Add("http://0.0.0.0:8080");
        foreach (var host in hosts)
        {
            options.AllowedHosts.Add(host);
        }

        return HostAllowList.From(options);
    }

    [Fact]
    public void Any_name_not_configured_is_refused_unless_it_is_localhost()
    {
        var list = Configured("gateway.example.com", "*.internal.example");
        Name.Where(n => n != "localhost" && !n.EndsWith(".localhost", StringComparison.Ordinal) && n != "gateway.example.com"
                && !n.EndsWith(".internal.example", StringComparison.Ordinal) && !IPAddress.TryParse(n, out _))
            .Sample(name => Assert.False(list.Allows(name), name));
    }

    [Fact]
    public void Every_ip_literal_is_served_and_configured_names_in_any_case()
    {
        var list = Configured("gateway.example.com", "*.internal.example");
        Gen.Byte.Array[4].Select(b => new IPAddress(b).ToString()).Sample(ip => Assert.True(list.Allows(ip), ip));
        Gen.Byte.Array[16].Select(b => "[" + new IPAddress(b) + "]").Sample(ip => Assert.True(list.Allows(ip), ip));
        Label.Sample(label => Assert.True(list.Allows(label.ToUpperInvariant() + ".Internal.Example"), label));
        Assert.True(list.Allows("GATEWAY.example.com."));
        Assert.False(list.Allows("internal.example"));
        Assert.False(list.Allows("evilgateway.example.com"));
    }

    [Fact]
    public void A_star_turns_the_check_off()
    {
        var list = Configured("*");
        Name.Sample(name => Assert.True(list.Allows(name), name));
    }
}
