using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AuthActors.Bench.Sessions;

/// <summary>
/// One session-port client on a raw socket with one small buffer: signs up, then reads lines (or only counts them).
/// Tens of thousands of them run on a few pool threads; no per-line allocation when lines are only counted.
/// </summary>
internal sealed class SessionSocket : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;

    private SessionSocket(Socket socket, int bufferSize)
    {
        _socket = socket;
        _buffer = new byte[bufferSize];
    }

    /// <summary>The user this client signed up as.</summary>
    public string UserId { get; private set; } = "";

    /// <summary>Connects, signs up as <paramref name="userId"/> and reads up to its <c>welcome</c> line.</summary>
    public static async Task<SessionSocket> SignUpAsync(int port, string userId, string password, int bufferSize, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var client = new SessionSocket(socket, bufferSize) { UserId = userId };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            await client.ReadLineAsync(cancellationToken);
            await client.SendAsync(userId, cancellationToken);
            await client.ReadLineAsync(cancellationToken);
            await client.SendAsync(password, cancellationToken);
            var welcome = $"welcome {userId}";
            while (await client.ReadLineAsync(cancellationToken) is { } line && line != welcome)
            {
                if (line.StartsWith("<<close>>", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"{userId} could not sign up: {line}");
                }
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends one line.</summary>
    public async ValueTask SendAsync(string line, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        var sent = 0;
        while (sent < bytes.Length)
        {
            sent += await _socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, cancellationToken);
        }
    }

    /// <summary>The next line without its end, or null when the server closed.</summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = Encoding.UTF8.GetString(_buffer, _start, newline - _start);
                _start = newline + 1;
                return line;
            }

            if (!await FillAsync(cancellationToken))
            {
                return null;
            }
        }
    }

    /// <summary>Counts the lines the server sends, without decoding them, until it closes or this client is disposed.</summary>
    public async Task CountLinesUntilClosedAsync(LineTally tally)
    {
        tally.Add(_buffer.AsSpan(_start, _end - _start).Count((byte)'\n'));
        try
        {
            while (await _socket.ReceiveAsync(_buffer, SocketFlags.None) is var read && read > 0)
            {
                tally.Add(_buffer.AsSpan(0, read).Count((byte)'\n'));
            }
        }
        catch (Exception gone) when (gone is SocketException or ObjectDisposedException)
        {
            // This client was disposed: the run is over.
        }
    }

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();

    // Moves what is left to the front and reads more after it; false when the server closed.
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new InvalidOperationException($"a line longer than {_buffer.Length} bytes");
        }

        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
        _end += read;
        return read > 0;
    }
}

/// <summary>Lines counted by many clients at once.</summary>
internal sealed class LineTally
{
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Add(int lines) => Interlocked.Add(ref _total, lines);
}
