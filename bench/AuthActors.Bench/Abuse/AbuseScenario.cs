using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AuthActors.Bench.Logins;
using AuthActors.Bench.Reporting;
using AuthActors.TestKit;

namespace AuthActors.Bench.Abuse;

/// <summary>
/// Slow and abusive clients (issue 10): an ordinary client's latency alone, then again while 1,000 connections from
/// 50 addresses send one byte a second, 200 connections say nothing, and 10 clients never read what they are sent.
/// The ordinary request is the dialog's "does this id exist" (one routed ask, no hashing), so what moves is the
/// gateway's own handling, not the CPU spent on passwords.
/// </summary>
internal static class AbuseScenario
{
    private const int Tricklers = 1000;
    private const int Silent = 200;
    private const int NonReaders = 10;

    public static async Task<int> RunAsync(Timing timing, bool buildGateway)
    {
        if (buildGateway)
        {
            Console.Error.WriteLine("abuse: building the gateway in Release");
            await GatewayBuild.RunAsync();
        }

        using var data = new TemporaryDirectory();
        await using var gateway = await GatewayProcess.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000",
            ["AUTHACTORS_GATEWAY__TCP__IDLE_TIMEOUT"] = "10s",
        });
        await using (var setup = await LineClient.ConnectAsync(gateway.Port))
        {
            await setup.ReadLineAsync();
            await setup.AskAsync("ADD ordinary pass1word");
        }

        Console.Error.WriteLine($"abuse: ordinary latency alone, {timing.Seconds:N0} s");
        var alone = await OrdinaryAsync(gateway.Port, timing.Measure);

        Console.Error.WriteLine($"abuse: {Tricklers} trickling, {Silent} silent, {NonReaders} non-reading connections");
        using var stop = new CancellationTokenSource();
        var outcomes = new ConcurrentDictionary<string, int>();
        var abusers = new List<Task>();
        for (var i = 0; i < Tricklers; i++)
        {
            abusers.Add(TrickleAsync(gateway.Port, $"127.0.{1 + i / 20 / 200}.{2 + (i / 20 % 200)}", outcomes, stop.Token));
        }

        for (var i = 0; i < Silent; i++)
        {
            abusers.Add(SilentAsync(gateway.Port, $"127.1.0.{2 + i / 20}", outcomes, stop.Token));
        }

        for (var i = 0; i < NonReaders; i++)
        {
            abusers.Add(NonReaderAsync(gateway.Port, $"127.2.0.{2 + i}", outcomes, stop.Token));
        }

        Console.Error.WriteLine($"abuse: ordinary latency under abuse, {timing.Seconds:N0} s");
        var abused = await OrdinaryAsync(gateway.Port, timing.Measure);
        var openDuringAbuse = await OpenLoginConnectionsAsync(gateway);
        await stop.CancelAsync();
        await Task.WhenAll(abusers);
        var exitCode = await gateway.StopAsync();

        new MarkdownTable("measure", "alone", "under abuse")
            .Row("ordinary requests/s (1 client, status query)", alone.Count / timing.Seconds, abused.Count / timing.Seconds)
            .Row("ordinary p50 (ms)", Percentiles.OfTicks(alone.Ticks, 50), Percentiles.OfTicks(abused.Ticks, 50))
            .Row("ordinary p99 (ms)", Percentiles.OfTicks(alone.Ticks, 99), Percentiles.OfTicks(abused.Ticks, 99))
            .Row("ordinary errors", alone.Errors, abused.Errors)
            .Print($"abuse ({timing.Seconds:N0} s each; {Tricklers} trickling, {Silent} silent, {NonReaders} non-reading connections; idle-timeout 10 s)");
        var fates = new MarkdownTable("what happened to the abusive connections", "count");
        foreach (var (outcome, count) in outcomes.OrderBy(o => o.Key))
        {
            fates.Row(outcome, count);
        }

        fates.Row("login-port connections the gateway held at the end of the abuse (authactors_connections_open)", openDuringAbuse)
            .Row("gateway exit code after SIGTERM", exitCode)
            .Print("abusive connections");
        return 0;
    }

    private static async Task<string> OpenLoginConnectionsAsync(GatewayProcess gateway)
    {
        using var http = new HttpClient { BaseAddress = gateway.HttpAddress };
        var metrics = await http.GetStringAsync("/metrics");
        return metrics.Split('\n').FirstOrDefault(l => l.StartsWith("authactors_connections_open{port=\"login\"}", StringComparison.Ordinal))?.Split(' ')[1] ?? "?";
    }

    private sealed record Latencies(int Count, IReadOnlyCollection<long> Ticks, int Errors);

    private static async Task<Latencies> OrdinaryAsync(int port, TimeSpan duration)
    {
        var ticks = new List<long>();
        var errors = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await using var client = await LineClient.ConnectAsync(port);
                await client.ReadLineAsync();
                if (await client.AskAsync("ordinary") == "existing user. enter your password")
                {
                    ticks.Add(Stopwatch.GetTimestamp() - started);
                    continue;
                }
            }
            catch (Exception error) when (error is IOException or SocketException or TimeoutException)
            {
            }

            errors++;
        }

        return new Latencies(ticks.Count, ticks, errors);
    }

    private static async Task<Socket> ConnectFromAsync(int port, string address, CancellationToken stop)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), stop);
        return socket;
    }

    // One byte a second until the server closes; how it ended is counted.
    private static async Task TrickleAsync(int port, string address, ConcurrentDictionary<string, int> outcomes, CancellationToken stop)
    {
        var outcome = "trickling: still open at the end";
        try
        {
            using var socket = await ConnectFromAsync(port, address, stop);
            var buffer = new byte[4096];
            var said = "";
            while (!stop.IsCancellationRequested)
            {
                await socket.SendAsync("x"u8.ToArray(), SocketFlags.None, stop);
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
                while (socket.Available > 0)
                {
                    var read = socket.Receive(buffer);
                    said = System.Text.Encoding.UTF8.GetString(buffer, 0, read).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? said;
                }

                if (socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0)
                {
                    outcome = $"trickling: closed by the server after \"{said}\"";
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException error)
        {
            outcome = $"trickling: {error.SocketErrorCode}";
        }

        outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
    }

    // Connects and says nothing; the idle timeout should close it.
    private static async Task SilentAsync(int port, string address, ConcurrentDictionary<string, int> outcomes, CancellationToken stop)
    {
        var outcome = "silent: still open at the end";
        try
        {
            using var socket = await ConnectFromAsync(port, address, stop);
            var buffer = new byte[4096];
            var text = "";
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, stop)) > 0)
            {
                text += System.Text.Encoding.UTF8.GetString(buffer, 0, read);
            }

            outcome = text.Contains("closing idle connection", StringComparison.Ordinal) ? "silent: closed by the idle timeout" : $"silent: closed ({text.Trim()})";
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException error)
        {
            outcome = $"silent: {error.SocketErrorCode}";
        }

        outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
    }

    // Sends commands and never reads; the write timeout should drop it.
    private static async Task NonReaderAsync(int port, string address, ConcurrentDictionary<string, int> outcomes, CancellationToken stop)
    {
        var outcome = "non-reading: still open at the end";
        try
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
            socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), stop);
            var command = "LOGIN x\n"u8.ToArray();
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await socket.SendAsync(command, SocketFlags.None, stop);
                }
            }
            catch (OperationCanceledException)
            {
                // The run is over: read what the server had sent, to see whether it then closed (a dropped
                // connection's unread answers stay in the kernel until the peer reads them).
                outcome = await DrainedToEndAsync(socket) ? "non-reading: dropped by the server (end of stream after its answers)" : outcome;
            }
        }
        catch (SocketException error)
        {
            outcome = $"non-reading: dropped by the server ({error.SocketErrorCode})";
        }

        outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
    }

    private static async Task<bool> DrainedToEndAsync(Socket socket)
    {
        var buffer = new byte[65536];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token) > 0)
            {
            }

            return true;
        }
        catch (Exception error) when (error is OperationCanceledException or SocketException)
        {
            return error is SocketException;
        }
    }
}
