using System.Collections.Concurrent;
using System.Net;

namespace AlignLab.Server.Security;

/// <summary>
/// Counts failed authentications per client address in fixed windows. Once an address has failed
/// <see cref="MaxFailures"/> times in a window, every request from it to a protected path is refused (429) until
/// the window ends, so keys cannot be guessed at network speed. Successful requests are never counted.
/// </summary>
public sealed class FailedAuthenticationThrottle
{
    private const int MaxTrackedAddresses = 100_000;

    private readonly ConcurrentDictionary<IPAddress, Window> _windows = new();
    private readonly TimeProvider _time;

    /// <param name="maxFailures">Failures allowed per address and window (at least 1).</param>
    /// <param name="window">The window's length.</param>
    /// <param name="time">Time source.</param>
    public FailedAuthenticationThrottle(int maxFailures, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFailures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        MaxFailures = maxFailures;
        WindowLength = window;
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Failures allowed per address and window.</summary>
    public int MaxFailures { get; }

    /// <summary>The window's length.</summary>
    public TimeSpan WindowLength { get; }

    /// <summary>Whether the address is refused now; <paramref name="retryAfter"/> says for how much longer.</summary>
    public bool IsBlocked(IPAddress? address, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (address is null || !_windows.TryGetValue(Subject(address), out var w))
        {
            return false;
        }

        var now = _time.GetUtcNow();
        lock (w)
        {
            if (now >= w.Start + WindowLength || w.Failures < MaxFailures)
            {
                return false;
            }

            retryAfter = w.Start + WindowLength - now;
            return true;
        }
    }

    /// <summary>Counts one failed authentication from the address.</summary>
    public void RecordFailure(IPAddress? address)
    {
        if (address is null)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var subject = Subject(address);
        if (_windows.Count >= MaxTrackedAddresses && !_windows.ContainsKey(subject))
        {
            Prune(now);
            if (_windows.Count >= MaxTrackedAddresses)
            {
                return; // bounded memory: with this many addresses failing at once, new ones are not tracked
            }
        }

        var w = _windows.GetOrAdd(subject, _ => new Window(now));
        lock (w)
        {
            if (now >= w.Start + WindowLength)
            {
                w.Start = now;
                w.Failures = 0;
            }

            w.Failures++;
        }
    }

    /// <summary>IPv4 addresses count one by one; IPv6 addresses by their /64 network, which one client usually holds whole.</summary>
    private static IPAddress Subject(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address;
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (address, w) in _windows)
        {
            if (now >= w.Start + WindowLength)
            {
                _windows.TryRemove(address, out _);
            }
        }
    }

    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; set; } = start;

        public int Failures { get; set; }
    }
}
