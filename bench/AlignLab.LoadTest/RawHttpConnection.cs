using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AlignLab.LoadTest;

/// <summary>
/// One kept-alive HTTP/1.1 connection driven with blocking socket calls from its own thread: send prepared request
/// bytes, read the status line, the headers and the body (by Content-Length or chunked), and nothing else. No tasks,
/// timers or per-request objects, so the load generator costs little next to the server it measures.
/// </summary>
internal sealed class RawHttpConnection(EndPoint endPoint) : IDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private Socket? _socket;
    private int _start;
    private int _end;

    /// <summary>Sends <paramref name="request"/> and reads the whole response; returns its status code.</summary>
    public int Exchange(byte[] request)
    {
        var socket = _socket ??= Connect();
        var sent = 0;
        while (sent < request.Length)
        {
            sent += socket.Send(request, sent, request.Length - sent, SocketFlags.None);
        }

        var headerLength = Until(HeaderEnd);
        var head = _buffer.AsSpan(_start, headerLength);
        var status = ParseStatus(head);
        var contentLength = HeaderNumber(head, "content-length"u8);
        var chunked = head.IndexOf("chunked"u8) >= 0;
        var close = head.IndexOf("Connection: close"u8) >= 0;
        _start += headerLength + HeaderEnd.Length;
        if (chunked)
        {
            while (true)
            {
                var lineLength = Until(LineEnd);
                if (!Utf8Parser.TryParse(_buffer.AsSpan(_start, lineLength), out int size, out _, 'x'))
                {
                    throw new IOException("bad chunk size");
                }

                _start += lineLength + LineEnd.Length;
                Skip(size + LineEnd.Length);
                if (size == 0)
                {
                    break;
                }
            }
        }
        else
        {
            Skip(contentLength);
        }

        if (close)
        {
            Reset();
        }

        return status;
    }

    /// <summary>Drops the connection (after an error); the next exchange opens a new one.</summary>
    public void Reset()
    {
        _socket?.Dispose();
        _socket = null;
        _start = _end = 0;
    }

    public void Dispose() => Reset();

    private Socket Connect()
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(endPoint);
        return socket;
    }

    /// <summary>Reads until <paramref name="marker"/> is buffered; returns the length of what comes before it.</summary>
    private int Until(ReadOnlySpan<byte> marker)
    {
        while (true)
        {
            var at = _buffer.AsSpan(_start, _end - _start).IndexOf(marker);
            if (at >= 0)
            {
                return at;
            }

            Fill();
        }
    }

    private void Skip(int count)
    {
        while (_end - _start < count)
        {
            count -= _end - _start;
            _start = _end = 0;
            Fill();
        }

        _start += count;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new IOException("response header larger than the buffer");
        }

        var read = _socket!.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
        if (read == 0)
        {
            throw new IOException("the server closed the connection");
        }

        _end += read;
    }

    private static int ParseStatus(ReadOnlySpan<byte> head) =>
        head.Length >= 12 && Utf8Parser.TryParse(head.Slice(9, 3), out int status, out _) ? status : 0;

    /// <summary>The value of a numeric header (0 when absent), read without allocating.</summary>
    private static int HeaderNumber(ReadOnlySpan<byte> head, ReadOnlySpan<byte> name)
    {
        while (head.Length > 0)
        {
            var lineEnd = head.IndexOf(LineEnd);
            var line = lineEnd < 0 ? head : head[..lineEnd];
            var colon = line.IndexOf((byte)':');
            if (colon > 0 && Ascii.EqualsIgnoreCase(line[..colon], name))
            {
                return Utf8Parser.TryParse(line[(colon + 1)..].TrimStart((byte)' '), out int value, out _) ? value : 0;
            }

            head = lineEnd < 0 ? default : head[(lineEnd + LineEnd.Length)..];
        }

        return 0;
    }
}
