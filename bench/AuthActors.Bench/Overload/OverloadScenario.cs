using System.Collections.Concurrent;
using System.Diagnostics;
using AuthActors.Bench.Logins;
using AuthActors.Bench.Reporting;
using AuthActors.TestKit;

namespace AuthActors.Bench.Overload;

/// <summary>
/// Twice the gateway's sign-up capacity for 30 s (issue 10): the capacity is measured first, closed loop, one client
/// per core; then requests are offered open loop at twice that rate, each on its own connection, whether or not
/// earlier ones were answered. The excess must be refused at once (<c>ERR 503</c>: the hashing queue is full), the
/// admitted ones answered within a bounded time, and every acknowledged sign-up found afterwards. Sign-ups rather
/// than logins, because an acknowledged sign-up is a durable write that can be checked for.
/// </summary>
internal static class OverloadScenario
{
    private const string Password = "bench1234x";
    private static readonly TimeSpan Offered = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(Timing timing, bool buildGateway)
    {
        if (buildGateway)
        {
            Console.Error.WriteLine("overload: building the gateway in Release");
            await GatewayBuild.RunAsync();
        }

        using var data = new TemporaryDirectory();

        // Every offered request has its own connection, as independent clients would: the per-address cap is
        // raised so that what refuses the excess is the hashing queue, not the connection limit.
        await using var gateway = await GatewayProcess.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["AUTHACTORS_GATEWAY__TCP__MAX_CONNECTIONS_PER_ADDRESS"] = "5000",
        });

        var clients = Environment.ProcessorCount;
        Console.Error.WriteLine($"overload: capacity with {clients} closed-loop clients, {timing.WarmUp.TotalSeconds:N0} s + {timing.Seconds:N0} s");
        var capacity = await CapacityAsync(gateway.Port, clients, timing);
        var rate = 2 * capacity;
        Console.Error.WriteLine($"overload: capacity {capacity:N1}/s; offering {rate:N1}/s for {Offered.TotalSeconds:N0} s");
        var run = await OfferAsync(gateway.Port, rate);

        Console.Error.WriteLine($"overload: checking the {run.Acknowledged.Count} acknowledged sign-ups");
        var lost = await CountLostAsync(gateway.Port, run.Acknowledged);
        var exitCode = await gateway.StopAsync();

        new MarkdownTable("measure", "value")
            .Row($"capacity: sign-ups/s, {clients} closed-loop clients", capacity)
            .Row("offered: sign-ups/s (open loop, a connection each)", rate)
            .Row("offered in 30 s", run.Offered)
            .Row("admitted (OK added)", run.Acknowledged.Count)
            .Row("refused busy (ERR 503)", run.Refused)
            .Row("other answers or errors", run.Other)
            .Row("admitted p50 / p99 (ms)", $"{Percentiles.OfTicks(run.AdmittedTicks, 50):N0} / {Percentiles.OfTicks(run.AdmittedTicks, 99):N0}")
            .Row("refused p50 / p99 (ms)", $"{Percentiles.OfTicks(run.RefusedTicks, 50):N0} / {Percentiles.OfTicks(run.RefusedTicks, 99):N0}")
            .Row("acknowledged and lost", lost)
            .Row("gateway exit code after SIGTERM", exitCode)
            .Print("overload (twice the measured capacity for 30 s; 600,000 PBKDF2 iterations, hashing queue 64)");
        if (run.FirstOther is { } first)
        {
            Console.WriteLine($"first other answer: {first}");
        }

        return lost == 0 ? 0 : 1;
    }

    private sealed record OfferedRun(
        long Offered, IReadOnlyCollection<string> Acknowledged, long Refused, long Other, IReadOnlyCollection<long> AdmittedTicks,
        IReadOnlyCollection<long> RefusedTicks, string? FirstOther);

    private static async Task<double> CapacityAsync(int port, int clients, Timing timing)
    {
        var window = new MeasuringWindow(Stopwatch.StartNew(), timing);
        long done = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            await using var connection = await ConnectAsync(port);
            for (var n = 0; !window.IsOver; n++)
            {
                var id = $"cap-{client}-{n}";
                if (await AskAsync(connection, $"ADD {id} {Password}") == $"OK added user:{id}" && window.IsMeasuring)
                {
                    Interlocked.Increment(ref done);
                }
            }
        })));
        return done / timing.Seconds;
    }

    private static async Task<OfferedRun> OfferAsync(int port, double rate)
    {
        var acknowledged = new ConcurrentBag<string>();
        var admitted = new ConcurrentBag<long>();
        var refusedTicks = new ConcurrentBag<long>();
        long refused = 0;
        long other = 0;
        string? firstOther = null;
        var requests = new List<Task>();
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1 / rate);
        for (var n = 0; clock.Elapsed < Offered; n++)
        {
            // Open loop: the n-th request goes out at n intervals from the start, whatever happened to the others.
            var due = interval * n;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var id = $"over-{n}";
            requests.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                string? reply;
                try
                {
                    await using var connection = await ConnectAsync(port);
                    reply = await AskAsync(connection, $"ADD {id} {Password}");
                }
                catch (Exception error) when (error is IOException or System.Net.Sockets.SocketException or TimeoutException or OperationCanceledException)
                {
                    reply = error.Message;
                }

                var elapsed = Stopwatch.GetTimestamp() - started;
                if (reply == $"OK added user:{id}")
                {
                    acknowledged.Add(id);
                    admitted.Add(elapsed);
                }
                else if (reply?.StartsWith("ERR 503", StringComparison.Ordinal) == true)
                {
                    Interlocked.Increment(ref refused);
                    refusedTicks.Add(elapsed);
                }
                else
                {
                    Interlocked.Increment(ref other);
                    Interlocked.CompareExchange(ref firstOther, reply ?? "closed", null);
                }
            }));
        }

        await Task.WhenAll(requests);
        return new OfferedRun(requests.Count, acknowledged, refused, other, admitted, refusedTicks, firstOther);
    }

    // Each acknowledged id must exist: the dialog's "does this id exist" answers without hashing.
    private static async Task<int> CountLostAsync(int port, IReadOnlyCollection<string> acknowledged)
    {
        var lost = 0;
        foreach (var batch in acknowledged.Chunk(16))
        {
            var answers = await Task.WhenAll(batch.Select(async id =>
            {
                await using var connection = await LineClient.ConnectAsync(port);
                await connection.ReadLineAsync();
                return await connection.AskAsync(id);
            }));
            lost += answers.Count(a => a != "existing user. enter your password");
        }

        return lost;
    }

    private static async Task<LineClient> ConnectAsync(int port)
    {
        var connection = await LineClient.ConnectAsync(port);
        await connection.ReadLineAsync(TimeSpan.FromSeconds(60));
        return connection;
    }

    private static async Task<string?> AskAsync(LineClient connection, string line)
    {
        await connection.SendLineAsync(line);
        return await connection.ReadLineAsync(TimeSpan.FromSeconds(60));
    }
}
