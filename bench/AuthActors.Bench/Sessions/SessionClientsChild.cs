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

    public static async Task<int> RunAsync(int port, int count, string prefix)
    {
        var sessions = new SessionOpening(count);
        using var stop = new CancellationTokenSource();
        var parentGone = Task.Run(async () =>
        {
            await Console.In.ReadToEndAsync();
            await stop.CancelAsync();
        });
        var reporting = ReportAsync(sessions, stop.Token);
        try
        {
            await sessions.OpenAsync(port, prefix, OpeningAtOnce, afterEach: null, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The parent closed our input before every session opened: it gave up on the run.
        }

        await parentGone;
        await sessions.CloseAsync();
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

    // Every second, and once more at the end: the parent reads the latest.
    private static async Task ReportAsync(SessionOpening sessions, CancellationToken stop)
    {
        var failureTold = false;
        using var every = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await every.WaitForNextTickAsync(stop))
            {
                Report();
            }
        }
        catch (OperationCanceledException)
        {
            Report();
        }

        void Report()
        {
            if (!failureTold && sessions.FirstFailure is { } failure)
            {
                Console.Out.WriteLine($"failure {failure}");
                failureTold = true;
            }

            Console.Out.WriteLine($"status {sessions.Opened} {sessions.Failed} {sessions.Lines.Total}");
        }
    }
}
