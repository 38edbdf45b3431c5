namespace AlignLab.Server.Tests.Support;

/// <summary>
/// Hands out network handlers (each a real <see cref="SocketsHttpHandler"/> behind a counter) and counts how many were
/// created and how many are still undisposed, to prove who owns what.
/// </summary>
public sealed class CountingHandlers
{
    private int _created;
    private int _live;

    /// <summary>Handlers handed out so far.</summary>
    public int Created => Volatile.Read(ref _created);

    /// <summary>Handlers handed out and not yet disposed.</summary>
    public int Live => Volatile.Read(ref _live);

    /// <summary>A new counted handler.</summary>
    public HttpMessageHandler Create()
    {
        Interlocked.Increment(ref _created);
        Interlocked.Increment(ref _live);
        return new Counted(this);
    }

    private sealed class Counted(CountingHandlers owner) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _disposed;

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref owner._live);
            }

            base.Dispose(disposing);
        }
    }
}
