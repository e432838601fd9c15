using System.Net.Sockets;
using System.Text;

namespace AuthActors.Bench.Logins;

/// <summary>One TCP connection to the login port, speaking lines: the greeting is read on connect.</summary>
internal sealed class LineClient : IAsyncDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);
    private readonly TcpClient tcp;
    private readonly StreamReader reader;
    private readonly StreamWriter writer;

    private LineClient(TcpClient tcp)
    {
        this.tcp = tcp;
        var stream = tcp.GetStream();
        reader = new StreamReader(stream, Encoding.UTF8);
        writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n", AutoFlush = true };
    }

    /// <summary>Connects and reads the greeting, which must be <c>enter your id</c>.</summary>
    public static async Task<LineClient> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync("127.0.0.1", port, cancellationToken);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }

        var client = new LineClient(tcp);
        try
        {
            var greeting = await client.ReadLineAsync(cancellationToken);
            return greeting == "enter your id"
                ? client
                : throw new InvalidOperationException($"unexpected greeting '{greeting}'");
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends one line and returns the server's reply line.</summary>
    public async Task<string> AskAsync(string line, CancellationToken cancellationToken)
    {
        await writer.WriteLineAsync(line.AsMemory(), cancellationToken);
        return await ReadLineAsync(cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        tcp.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReplyTimeout);
        return await reader.ReadLineAsync(timeout.Token) ?? throw new IOException("the server closed the connection");
    }
}
