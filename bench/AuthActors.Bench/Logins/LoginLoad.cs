using System.Collections.Concurrent;
using System.Diagnostics;
using AuthActors.TestKit;

namespace AuthActors.Bench.Logins;

/// <summary>What the login clients measured: completed logins in the window, their latencies and the errors.</summary>
internal sealed record LoginLoadResult(long Logins, IReadOnlyCollection<long> LatencyTicks, long Errors, string? FirstError);

/// <summary>
/// One client per core, each its own user on its own connection in command mode, sending <c>LOGIN id password</c>
/// and waiting for <c>OK logged in</c> before the next, for the warm-up then the measuring time.
/// </summary>
internal static class LoginLoad
{
    public const string Password = "bench1234x";

    public static string UserId(int client) => $"bench-{client}";

    /// <summary>Registers each client's user through command mode <c>ADD</c>.</summary>
    public static async Task RegisterAsync(int port, int clients)
    {
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            await using var connection = await ConnectAsync(port);
            var reply = await AskAsync(connection, $"ADD {UserId(client)} {Password}");
            if (reply != $"OK added user:{UserId(client)}")
            {
                throw new InvalidOperationException($"registering {UserId(client)} failed: {reply}");
            }
        }));
    }

    public static async Task<LoginLoadResult> RunAsync(int port, int clients, Timing timing)
    {
        var window = new MeasuringWindow(Stopwatch.StartNew(), timing);
        var latencies = new ConcurrentBag<long>();
        long logins = 0;
        long errors = 0;
        string? firstError = null;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var login = $"LOGIN {UserId(client)} {Password}";
            while (!window.IsOver)
            {
                try
                {
                    await using var connection = await ConnectAsync(port);
                    while (!window.IsOver)
                    {
                        var started = Stopwatch.GetTimestamp();
                        var reply = await AskAsync(connection, login);
                        var elapsed = Stopwatch.GetTimestamp() - started;
                        if (reply != "OK logged in")
                        {
                            Interlocked.Increment(ref errors);
                            Interlocked.CompareExchange(ref firstError, reply, null);
                        }
                        else if (window.IsMeasuring)
                        {
                            Interlocked.Increment(ref logins);
                            latencies.Add(elapsed);
                        }
                    }
                }
                catch (Exception error) when (error is IOException or System.Net.Sockets.SocketException or OperationCanceledException or TimeoutException)
                {
                    // A lost connection is an error to count, then the client connects again.
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, error.Message, null);
                }
            }
        })));

        return new LoginLoadResult(logins, latencies, errors, firstError);
    }

    // Connects and reads the greeting, so every measured request is a command and its reply.
    private static async Task<LineClient> ConnectAsync(int port)
    {
        var client = await LineClient.ConnectAsync(port);
        var greeting = await client.ReadLineAsync();
        if (greeting == "enter your id")
        {
            return client;
        }

        await client.DisposeAsync();
        throw new IOException($"unexpected greeting '{greeting}'");
    }

    private static async Task<string> AskAsync(LineClient client, string line) =>
        await client.AskAsync(line) ?? throw new IOException("the server closed the connection");
}
