using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AuthActors.TestKit;

/// <summary>A TCP client for line protocols: sends text, reads one server line at a time with a deadline.</summary>
public sealed class LineClient : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly Stream _stream;
    private readonly List<byte> _pending = [];
    private readonly byte[] _buffer = new byte[4096];

    private LineClient(TcpClient client, Stream? stream = null)
    {
        _client = client;
        _stream = stream ?? client.GetStream();
    }

    /// <summary>Connects to a loopback port.</summary>
    public static async Task<LineClient> ConnectAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port).WaitAsync(Eventually.DefaultDeadline);
        return new LineClient(client);
    }

    /// <summary>Connects to a loopback port from another loopback address (127.0.0.2, …): the server sees another client.</summary>
    public static async Task<LineClient> ConnectFromAsync(string localAddress, int port)
    {
        var client = new TcpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Parse(localAddress), 0)) { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port).WaitAsync(Eventually.DefaultDeadline);
        return new LineClient(client);
    }

    /// <summary>
    /// Connects to a loopback port over TLS, checking the server's certificate for <c>localhost</c> against
    /// <paramref name="authorityFile"/>'s CA only.
    /// </summary>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The server's certificate is not trusted.</exception>
    public static async Task<LineClient> ConnectTlsAsync(int port, string authorityFile)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync("127.0.0.1", port).WaitAsync(Eventually.DefaultDeadline);
            var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
            await tls.AuthenticateAsClientAsync(TrustOnly(authorityFile)).WaitAsync(Eventually.DefaultDeadline);
            return new LineClient(client, tls);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>TLS client options that trust <paramref name="authorityFile"/>'s CA and nothing else, for <c>localhost</c>.</summary>
    public static SslClientAuthenticationOptions TrustOnly(string authorityFile)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificateFromFile(authorityFile));
        return new SslClientAuthenticationOptions { TargetHost = "localhost", CertificateChainPolicy = policy };
    }

    /// <summary>Sends a message followed by <c>\n</c>.</summary>
    public Task SendLineAsync(string text) => SendRawAsync(Encoding.UTF8.GetBytes(text + "\n"));

    /// <summary>Sends bytes as they are (no line end added), as a client that sends bare messages does.</summary>
    public async Task SendRawAsync(byte[] bytes) => await _stream.WriteAsync(bytes).AsTask().WaitAsync(Eventually.DefaultDeadline);

    /// <summary>The next server line without its <c>\n</c>, or null when the server closed the connection.</summary>
    public async Task<string?> ReadLineAsync(TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? Eventually.DefaultDeadline);
        while (true)
        {
            var newline = _pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = Encoding.UTF8.GetString(_pending.GetRange(0, newline).ToArray());
                _pending.RemoveRange(0, newline + 1);
                return line;
            }

            var read = await _stream.ReadAsync(_buffer, timeout.Token);
            if (read == 0)
            {
                return _pending.Count == 0 ? null : Encoding.UTF8.GetString([.. _pending]);
            }

            _pending.AddRange(_buffer.AsSpan(0, read));
        }
    }

    /// <summary>
    /// Reads lines until one satisfies <paramref name="match"/> and returns it, with the lines skipped before it (on a
    /// chat connection other users' lines arrive between a command and its answer). Throws at the deadline, or when
    /// the server closes first.
    /// </summary>
    public async Task<(string Line, IReadOnlyList<string> Skipped)> ReadUntilAsync(Func<string, bool> match, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? Eventually.DefaultDeadline);
        var skipped = new List<string>();
        while (true)
        {
            var left = until - DateTime.UtcNow;
            var line = left > TimeSpan.Zero
                ? await ReadLineAsync(left)
                : throw new TimeoutException($"no matching line; read: {string.Join(" | ", skipped)}");
            if (line is null)
            {
                throw new InvalidOperationException($"the server closed before a matching line; read: {string.Join(" | ", skipped)}");
            }

            if (match(line))
            {
                return (line, skipped);
            }

            skipped.Add(line);
        }
    }

    /// <summary>Reads until the exact line <paramref name="expected"/>; returns the lines skipped before it.</summary>
    public async Task<IReadOnlyList<string>> ExpectAsync(string expected, TimeSpan? deadline = null) =>
        (await ReadUntilAsync(line => line == expected, deadline)).Skipped;

    /// <summary>Sends a line and returns the server's answer.</summary>
    public async Task<string?> AskAsync(string text)
    {
        await SendLineAsync(text);
        return await ReadLineAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }
}
