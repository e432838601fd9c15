using System.Globalization;

namespace AuthActors.Bench.Sessions;

/// <summary>
/// The client side of <see cref="SpreadSessionScenario"/>, run as a process of its own (<c>session-clients</c>): one
/// process may hold 20,000 descriptors on this machine, so 100,000 sessions need several. It signs up
/// <c>count</c> users on one session port, keeps them connected counting the lines they get, and prints
/// <c>status &lt;opened&gt; &lt;failed&gt; &lt;lines&gt;</c> every second until its standard input closes; then it
/// disconnects them all and exits.
/// </summary>
internal static class SessionClientsChild
{
    public const string Mode = "session-clients";
    private const int OpeningAtOnce = 32;
    private const string Password = "idle1234";

    public static async Task<int> RunAsync(int port, int count, string prefix)
    {
        var clients = new SessionSocket?[count];
        var tally = new LineTally();
        var counting = new List<Task>(count);
        var opened = 0;
        var failed = 0;
        using var stop = new CancellationTokenSource();
        var parentGone = Task.Run(async () =>
        {
            await Console.In.ReadToEndAsync();
            await stop.CancelAsync();
        });
        var reporting = ReportAsync(() => $"status {Volatile.Read(ref opened)} {Volatile.Read(ref failed)} {tally.Total}", stop.Token);

        using var slots = new SemaphoreSlim(OpeningAtOnce);
        var opens = Enumerable.Range(0, count).Select(async i =>
        {
            await slots.WaitAsync(stop.Token);
            try
            {
                using var oneOpen = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                oneOpen.CancelAfter(TimeSpan.FromSeconds(60));
                var client = await SessionSocket.SignUpAsync(port, $"{prefix}{i}", Password, 2048, oneOpen.Token);
                clients[i] = client;
                lock (counting)
                {
                    counting.Add(client.CountLinesUntilClosedAsync(tally));
                }

                Interlocked.Increment(ref opened);
            }
            catch (Exception error) when (!stop.IsCancellationRequested)
            {
                if (Interlocked.Increment(ref failed) == 1)
                {
                    Console.Out.WriteLine($"failure {prefix}{i}: {error.GetType().Name}: {error.Message}");
                }
            }
            finally
            {
                slots.Release();
            }
        });
        try
        {
            await Task.WhenAll(opens);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The parent closed our input before every session opened: it gave up on the run.
        }

        await parentGone;
        foreach (var client in clients)
        {
            client?.Dispose();
        }

        Task[] counted;
        lock (counting)
        {
            counted = [.. counting];
        }

        await Task.WhenAll(counted);
        await reporting;
        return 0;
    }

    /// <summary>Parses a <c>status</c> line of a child: sessions opened, failed, lines counted.</summary>
    public static (int Opened, int Failed, long Lines)? ParseStatus(string line)
    {
        var parts = line.Split(' ');
        return parts is ["status", var opened, var failed, var lines]
            ? (int.Parse(opened, CultureInfo.InvariantCulture), int.Parse(failed, CultureInfo.InvariantCulture), long.Parse(lines, CultureInfo.InvariantCulture))
            : null;
    }

    private static async Task ReportAsync(Func<string> status, CancellationToken stop)
    {
        using var every = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await every.WaitForNextTickAsync(stop))
            {
                Console.Out.WriteLine(status());
            }
        }
        catch (OperationCanceledException)
        {
            Console.Out.WriteLine(status());
        }
    }
}
