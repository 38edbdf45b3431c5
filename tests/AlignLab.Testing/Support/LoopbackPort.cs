using System.Net;
using System.Net.Sockets;

namespace AlignLab.Testing.Support;

/// <summary>Free TCP ports on 127.0.0.1 for servers started in separate processes.</summary>
public static class LoopbackPort
{
    /// <summary>A port that was free a moment ago (bound and released by the OS).</summary>
    public static int Free()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
