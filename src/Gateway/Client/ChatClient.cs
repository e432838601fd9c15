using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using AuthActors.Messages;

namespace AuthActors.Gateway.Client;

/// <summary>
/// The interactive client of the session port: prints what the server sends as it arrives, sends what the user
/// types, and does the peer-to-peer part the server only brokers. It listens for peers on the interface it reaches the
/// server through, adds that port to <c>startprivate</c> and <c>accept</c>, and sends <c>private</c> lines straight
/// to the peer. Everything else is plain lines, so <c>nc</c> does all but private chat.
/// </summary>
internal sealed partial class ChatClient(TextReader input, TextWriter output) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, IPEndPoint> _peers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TcpClient> _outgoing = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _printing = new(1, 1);
    private readonly CancellationTokenSource _done = new();
    private TcpClient? _server;
    private TcpListener? _listener;
    private string _me = "";

    /// <summary>Runs until the server closes or the input ends; 0 when the server said goodbye, 1 when it could not connect.</summary>
    /// <param name="host">The gateway's host.</param>
    /// <param name="port">Its session port.</param>
    /// <param name="tls">TLS to the server when given (private chat between clients stays plain TCP).</param>
    public async Task<int> RunAsync(string host, int port, ClientTls? tls = null)
    {
        await PrintAsync($"connecting to {host}:{port}");
        _server = new TcpClient { NoDelay = true };
        try
        {
            await _server.ConnectAsync(host, port);
        }
        catch (SocketException error)
        {
            await PrintAsync($"cannot connect to {host}:{port}: {error.Message}");
            return 1;
        }

        var local = Normalized(((IPEndPoint)_server.Client.LocalEndPoint!).Address);
        _listener = new TcpListener(local, 0);
        _listener.Start();
        Stream stream = _server.GetStream();
        if (tls is not null)
        {
            try
            {
                stream = await tls.AuthenticateAsync(stream, host, _done.Token);
            }
            catch (Exception error) when (error is System.Security.Authentication.AuthenticationException or IOException)
            {
                await PrintAsync($"TLS with {host}:{port} failed: {error.Message}");
                return 1;
            }
        }

        var fromServer = ReadServerAsync(stream);
        var fromPeers = AcceptPeersAsync(_listener);
        // Off the caller's thread: a console reader may block synchronously in its async read.
        var fromUser = Task.Run(() => ReadUserAsync(stream));
        await Task.WhenAny(fromServer, fromUser);
        await _done.CancelAsync();
        return 0;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _listener?.Stop();
        foreach (var peer in _outgoing.Values)
        {
            peer.Dispose();
        }

        _server?.Dispose();
        _done.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task ReadServerAsync(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        while (await reader.ReadLineAsync(_done.Token) is { } line)
        {
            if (line.StartsWith("<<close>>", StringComparison.Ordinal))
            {
                await PrintAsync(line["<<close>>".Length..]);
                await PrintAsync("Server is closing connection");
                return;
            }

            Observe(line);
            await PrintAsync(line);
        }

        await PrintAsync("Server closed the connection");
    }

    // The client learns its own id and its peers from what the server says.
    private void Observe(string line)
    {
        if (line.StartsWith("welcome ", StringComparison.Ordinal))
        {
            _me = line["welcome ".Length..];
        }
        else if (PeerAddress().Match(line) is { Success: true } peer
            && IPAddress.TryParse(peer.Groups[2].Value, out var address)
            && int.TryParse(peer.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            _peers[peer.Groups[1].Value] = new IPEndPoint(address, port);
        }
        else if (PeerStopped().Match(line) is { Success: true } stopped)
        {
            Forget(stopped.Groups[1].Value);
        }
    }

    private async Task ReadUserAsync(Stream stream)
    {
        var listening = ((IPEndPoint)_listener!.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        while (await input.ReadLineAsync(_done.Token) is { } typed)
        {
            var words = typed.Trim().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            var line = words switch
            {
                ["startprivate" or "accept", var user] => $"{words[0]} {user} {listening}",
                ["private", var user, var text] => await SendPrivateAsync(user, text),
                ["private", ..] => await PrintedAsync("usage: private <user> <text>"),
                ["stopprivate", var user] => Forget(user),
                _ => typed,
            };
            if (line is not null)
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), _done.Token);
            }
        }
    }

    // Returns null: a private line goes to the peer, never to the server.
    private async Task<string?> SendPrivateAsync(string user, string text)
    {
        if (!_peers.TryGetValue(user, out var endpoint))
        {
            return await PrintedAsync($"no private chat with {user}: type 'startprivate {user}' first");
        }

        try
        {
            if (!_outgoing.TryGetValue(user, out var peer))
            {
                peer = new TcpClient { NoDelay = true };
                await peer.ConnectAsync(endpoint, _done.Token);
                _outgoing[user] = peer;
            }

            await peer.GetStream().WriteAsync(Encoding.UTF8.GetBytes($"{_me} (private): {text}\n"), _done.Token);
        }
        catch (Exception error) when (error is SocketException or IOException)
        {
            Forget(user);
            await PrintAsync($"private chat with {user} is lost: {error.Message}");
        }

        return null;
    }

    private string Forget(string user)
    {
        _peers.TryRemove(user, out _);
        if (_outgoing.TryRemove(user, out var peer))
        {
            peer.Dispose();
        }

        return $"stopprivate {user}";
    }

    private async Task AcceptPeersAsync(TcpListener listener)
    {
        try
        {
            while (!_done.IsCancellationRequested)
            {
                var peer = await listener.AcceptTcpClientAsync(_done.Token);
                _ = PrintPeerAsync(peer);
            }
        }
        catch (Exception stopped) when (stopped is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The client is ending.
        }
    }

    // Anyone who learns the port can connect to it, so a connection is shown only while it speaks as one peer this
    // client is in private chat with, from that peer's address; the first line that does not is the end of it.
    private async Task PrintPeerAsync(TcpClient peer)
    {
        using (peer)
        {
            try
            {
                var from = Normalized(((IPEndPoint)peer.Client.RemoteEndPoint!).Address);
                using var reader = new StreamReader(peer.GetStream(), Encoding.UTF8);
                string? speaker = null;
                while (await reader.ReadLineAsync(_done.Token) is { } line)
                {
                    speaker ??= PrivateLine().Match(line) is { Success: true } first ? first.Groups[1].Value : "";
                    if (!_peers.TryGetValue(speaker, out var endpoint) || !Normalized(endpoint.Address).Equals(from)
                        || !line.StartsWith($"{speaker} (private): ", StringComparison.Ordinal))
                    {
                        return;
                    }

                    await PrintAsync(line);
                }
            }
            catch (Exception gone) when (gone is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The peer or this client went away.
            }
        }
    }

    private static IPAddress Normalized(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private async Task<string?> PrintedAsync(string line)
    {
        await PrintAsync(line);
        return null;
    }

    private async Task PrintAsync(string line)
    {
        await _printing.WaitAsync();
        try
        {
            // Lines from peers and messages stored before the server refused escapes are not ours to trust.
            await output.WriteLineAsync(SafeText.Neutralize(line));
            await output.FlushAsync();
        }
        finally
        {
            _printing.Release();
        }
    }

    [GeneratedRegex(@"^private chat with (\S+) at (\S+):(\d+)$")]
    private static partial Regex PeerAddress();

    [GeneratedRegex(@"^(\S+) \(private\): ")]
    private static partial Regex PrivateLine();

    [GeneratedRegex(@"^(\S+) stopped the private chat$")]
    private static partial Regex PeerStopped();
}
