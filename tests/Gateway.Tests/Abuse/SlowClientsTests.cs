using System.Net;
using System.Net.Sockets;
using System.Text;
using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Abuse;

/// <summary>A gateway with short bounds, so that abusive clients meet them within a test: idle 3 s, write 3 s, 20 per address.</summary>
public sealed class SlowClientsFixture : GatewayFixture
{
    public const int PerAddress = 20;

    protected override Dictionary<string, string> Settings => new(base.Settings)
    {
        ["AUTHACTORS_GATEWAY__TCP__IDLE_TIMEOUT"] = "3s",
        ["AUTHACTORS_GATEWAY__TCP__WRITE_TIMEOUT"] = "3s",
        ["AUTHACTORS_GATEWAY__TCP__MAX_CONNECTIONS_PER_ADDRESS"] = PerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// Connections that never speak, that trickle a byte at a time, and a client that never reads: the per-address cap
/// and the timeouts hold, and an ordinary client is served all along.
/// </summary>
public sealed class SlowClientsTests(SlowClientsFixture fixture) : IClassFixture<SlowClientsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Silent_and_trickling_connections_are_capped_per_address_and_closed_while_others_are_served()
    {
        var id = GatewayFixture.NewId("ordinary");
        await using (var setup = await LineClient.ConnectAsync(fixture.Gateway.Port))
        {
            await setup.ReadLineAsync();
            (await setup.AskAsync($"ADD {id} pass1word")).ShouldBe($"OK added user:{id}");
        }

        // Ten addresses open their whole allowance and say nothing; one more from each is refused at once.
        var silent = new List<Socket>();
        for (var n = 2; n < 12; n++)
        {
            for (var i = 0; i < SlowClientsFixture.PerAddress; i++)
            {
                silent.Add(await ConnectFromAsync($"127.0.0.{n}"));
            }
        }

        foreach (var n in new[] { 2, 11 })
        {
            using var extra = await ConnectFromAsync($"127.0.0.{n}");
            (await ReadAllAsync(extra)).ShouldContain("<<close>>ERR 429 too many connections from your address");
        }

        // Five more addresses trickle one byte at a time while an ordinary client logs in again and again.
        using var stop = new CancellationTokenSource();
        var tricklers = Enumerable.Range(20, 5).SelectMany(n => Enumerable.Range(0, 4).Select(_ => TrickleAsync($"127.0.0.{n}", stop.Token))).ToList();
        for (var i = 0; i < 10; i++)
        {
            await using var client = await LineClient.ConnectAsync(fixture.Gateway.Port);
            await client.ReadLineAsync();
            (await client.AskAsync($"LOGIN {id} pass1word")).ShouldBe("OK logged in");
        }

        await stop.CancelAsync();
        await Task.WhenAll(tricklers);

        // Every silent connection is closed by the idle timeout, having been told why.
        foreach (var socket in silent)
        {
            using (socket)
            {
                (await ReadAllAsync(socket)).ShouldEndWith("<<close>>closing idle connection\n");
            }
        }
    }

    [Fact]
    public async Task A_client_that_never_reads_is_dropped_after_the_write_timeout_and_others_are_served()
    {
        // A small receive window, set before connecting so that the kernel does not grow it.
        using var greedy = await ConnectFromAsync("127.0.0.30", receiveBuffer: 4096);

        // Commands that are each answered with a long usage line and cost no hash, sent until the server stops taking
        // them: it is stuck writing to a client that does not read. The bound is far above what the kernels' buffers
        // between the two can hold (a receive buffer may grow to 32 MiB here), so reaching it means the server never
        // stopped reading.
        const long bound = 256L << 20;
        var block = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("LOGIN x\n", 1024)));
        var sent = 0L;
        try
        {
            while (sent < bound)
            {
                using var stalled = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                sent += await greedy.SendAsync(block, SocketFlags.None, stalled.Token);
            }
        }
        catch (Exception stopped) when (stopped is OperationCanceledException or SocketException)
        {
            // The server stopped reading (it waits to write), or has already dropped us.
        }

        sent.ShouldBeLessThan(bound);

        // Others are served meanwhile, and the greedy connection is closed by the server within its write timeout.
        await using (var client = await LineClient.ConnectAsync(fixture.Gateway.Port))
        {
            (await client.ReadLineAsync()).ShouldBe("enter your id");
        }

        await Eventually.ConditionAsync(() => IsClosedByPeer(greedy), "the server dropped the client that does not read");
    }

    // A connection from another loopback address: the gateway sees a different client.
    private async Task<Socket> ConnectFromAsync(string address, int? receiveBuffer = null)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        if (receiveBuffer is { } size)
        {
            socket.ReceiveBufferSize = size;
        }

        socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, fixture.Gateway.Port), Ct);
        return socket;
    }

    private async Task TrickleAsync(string address, CancellationToken stop)
    {
        using var socket = await ConnectFromAsync(address);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await socket.SendAsync("x"u8.ToArray(), SocketFlags.None, stop);
                await Task.Delay(TimeSpan.FromMilliseconds(500), stop);
            }
        }
        catch (Exception ended) when (ended is OperationCanceledException or SocketException)
        {
            // Stopped by the test, or refused by the cap.
        }
    }

    // Everything the server sends until it closes (bounded by the test's deadline).
    private static async Task<string> ReadAllAsync(Socket socket)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        using var deadline = new CancellationTokenSource(Eventually.DefaultDeadline);
        while (true)
        {
            int read;
            try
            {
                read = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
            }
            catch (SocketException)
            {
                break;
            }

            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    // A peer that closed shows as readable with nothing to read (or a reset).
    private static bool IsClosedByPeer(Socket socket)
    {
        try
        {
            if (!socket.Poll(0, SelectMode.SelectRead))
            {
                return false;
            }

            var buffer = new byte[65536];
            while (socket.Available > 0)
            {
                socket.Receive(buffer);
            }

            return socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
