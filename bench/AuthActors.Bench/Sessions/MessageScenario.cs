using System.Diagnostics;
using System.Globalization;
using AuthActors.Bench.Logins;
using AuthActors.Bench.Reporting;
using AuthActors.TestKit;

namespace AuthActors.Bench.Sessions;

/// <summary>
/// Messages/s delivered among connected clients: each of N clients signs up on the session port, then sends
/// <c>message &lt;other&gt; m &lt;timestamp&gt;</c> to a random other client and waits for its answer, again and again.
/// Deliveries are counted where they arrive, with the latency from the timestamp the line carries.
/// </summary>
internal static class MessageScenario
{
    private const int OpeningAtOnce = 32;
    private static readonly TimeSpan AnswerDeadline = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(Timing timing, int clientCount, bool buildGateway)
    {
        if (buildGateway)
        {
            Console.Error.WriteLine("messages: building the gateway in Release");
            await GatewayBuild.RunAsync();
        }

        using var data = new TemporaryDirectory();
        await using var gateway = await GatewayProcess.StartAsync(data.Path, SessionScenario.Settings(clientCount));
        var chatters = new Chatter[clientCount];
        int exitCode;
        Stopwatch clock;
        MeasuringWindow window;
        try
        {
            Console.Error.WriteLine($"messages: opening {clientCount} sessions");
            await Parallel.ForEachAsync(Enumerable.Range(0, clientCount), new ParallelOptions { MaxDegreeOfParallelism = OpeningAtOnce }, async (i, _) =>
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                chatters[i] = new Chatter(await SessionSocket.SignUpAsync(gateway.SessionPort, $"chat{i}", "chat1234", 4096, deadline.Token));
            });

            clock = Stopwatch.StartNew();
            window = new MeasuringWindow(clock, timing);
            var reading = chatters.Select(c => c.ReadAsync(window)).ToArray();
            Console.Error.WriteLine($"messages: {clientCount} sessions open; sending for {timing.WarmUp.TotalSeconds:N0} + {timing.Seconds:N0} s");
            await Task.WhenAll(chatters.Select((c, i) => c.SendAsync(i, clientCount, window)));
            foreach (var chatter in chatters)
            {
                chatter.Dispose();
            }

            await Task.WhenAll(reading);
        }
        finally
        {
            foreach (var chatter in chatters)
            {
                chatter?.Dispose();
            }

            exitCode = await gateway.StopAsync();
        }

        var latencies = chatters.SelectMany(c => c.Latencies).ToArray();
        new MarkdownTable("measure", "value")
            .Row("connected clients (each sending and receiving)", clientCount)
            .Row("messages delivered/s (counted at the receivers)", latencies.Length / timing.Seconds)
            .Row("message commands answered/s (at the senders)", chatters.Sum(c => c.Answered) / timing.Seconds)
            .Row("delivery latency p50 (ms, send to arrival)", Percentiles.OfTicks(latencies, 50))
            .Row("delivery latency p99 (ms)", Percentiles.OfTicks(latencies, 99))
            .Row("errors (ERR, offline, or no answer within 10 s)", chatters.Sum(c => c.Errors))
            .Row("gateway exit code after SIGTERM", exitCode)
            .Print($"messages among {clientCount.ToString("N0", CultureInfo.InvariantCulture)} clients ({timing.Seconds:N0} s after {timing.WarmUp.TotalSeconds:N0} s warm-up)");
        return 0;
    }

    /// <summary>One client: a reader that sorts answers from deliveries, and a sender that waits for each answer.</summary>
    private sealed class Chatter(SessionSocket socket) : IDisposable
    {
        private const string Marker = ": m ";
        private readonly SemaphoreSlim _answers = new(0);
        private int _errors;

        public List<long> Latencies { get; } = [];

        public long Answered { get; private set; }

        public int Errors => Volatile.Read(ref _errors);

        public async Task ReadAsync(MeasuringWindow window)
        {
            try
            {
                while (await socket.ReadLineAsync(CancellationToken.None) is { } line)
                {
                    var marker = line.IndexOf(Marker, StringComparison.Ordinal);
                    if (marker > 0 && long.TryParse(line.AsSpan(marker + Marker.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var sent))
                    {
                        if (window.IsMeasuring)
                        {
                            Latencies.Add(Stopwatch.GetTimestamp() - sent);
                        }
                    }
                    else if (line.StartsWith("message delivered to ", StringComparison.Ordinal))
                    {
                        _answers.Release();
                    }
                    else if (line.StartsWith("ERR ", StringComparison.Ordinal) || line.Contains(" is offline: ", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref _errors);
                        _answers.Release();
                    }
                }
            }
            catch (Exception gone) when (gone is System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                // Disposed at the end of the run.
            }
        }

        public async Task SendAsync(int self, int count, MeasuringWindow window)
        {
            while (!window.IsOver)
            {
                var other = Random.Shared.Next(count - 1);
                other += other >= self ? 1 : 0;
                await socket.SendAsync($"message chat{other} m {Stopwatch.GetTimestamp()}", CancellationToken.None);
                var answered = await _answers.WaitAsync(AnswerDeadline);
                if (!answered)
                {
                    Interlocked.Increment(ref _errors);
                }
                else if (window.IsMeasuring)
                {
                    Answered++;
                }
            }
        }

        public void Dispose() => socket.Dispose();
    }
}
