using System.Net;
using AlignLab.Server.Hosting;

namespace AlignLab.Server.Security;

/// <summary>The host names a gateway answers to (see <see cref="AllowedHostsMiddleware"/>).</summary>
public sealed class HostAllowList
{
    private readonly HashSet<string> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _suffixes = [];
    private bool _any;

    /// <summary>The list for a gateway's options.</summary>
    public static HostAllowList From(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var list = new HostAllowList();
        list.Add("localhost");
        list.Add("*.localhost");
        foreach (var url in options.Urls)
        {
            if (Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            {
                list.Add(uri.Host);
            }
        }

        foreach (var host in options.AllowedHosts)
        {
            list.Add(host);
        }

        return list;
    }

    /// <summary>Whether a Host header's host part (without the port) is allowed.</summary>
    public bool Allows(string host)
    {
        if (_any || string.IsNullOrEmpty(host))
        {
            return true;
        }

        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(bare, out _))
        {
            return true;
        }

        var name = bare.TrimEnd('.');
        return _exact.Contains(name) || _suffixes.Exists(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase) && name.Length > s.Length);
    }

    private void Add(string host)
    {
        if (host == "*")
        {
            _any = true;
        }
        else if (host.StartsWith("*.", StringComparison.Ordinal))
        {
            _suffixes.Add(host[1..]);
        }
        else if (host.Length > 0)
        {
            _exact.Add(host.TrimEnd('.'));
        }
    }
}
