using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using AuthActors.Messages;
using AuthActors.Runtime.Transport;
using AuthActors.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace AuthActors.Gateway.Tests.Cluster;

/// <summary>
/// <c>scripts/cluster up / status / down</c> as the README shows them, run for real: in a temporary cluster directory,
/// on ports shifted by an offset (so the usual ports and other tests are left alone), on the binaries the tests were
/// built with (no second build).
/// </summary>
public sealed partial class ClusterScriptTests : IDisposable
{
    private const int ShardCount = 20;
    private static readonly TimeSpan ScriptDeadline = TimeSpan.FromMinutes(3);
    private readonly TemporaryDirectory _dir = new();
    private readonly int _offset = FreeOffset();

    [Fact]
    public async Task Up_status_and_down_run_a_cluster_that_serves_logins_and_stop_exactly_its_processes()
    {
        try
        {
            var (upCode, upOutput) = await RunScriptAsync("up", "2");
            upCode.ShouldBe(0, upOutput);
            var pids = new[] { "node-1", "node-2", "gateway" }.ToDictionary(name => name, ReadPid);
            foreach (var (name, pid) in pids)
            {
                upOutput.ShouldContain($"{name} up (pid {pid}");
                IsRunning(pid).ShouldBeTrue($"{name} (pid {pid}) runs after up");
            }

            // Node-2 joined after node-1 took every shard: status settles once the shards are shared out.
            var status = "";
            await Eventually.ConditionAsync(async () =>
            {
                var (code, output) = await RunScriptAsync("status");
                status = output;
                var shards = StatusLine().Matches(output).ToDictionary(m => m.Groups["member"].Value, m => int.Parse(m.Groups["shards"].Value, CultureInfo.InvariantCulture));
                return code == 0
                    && shards.Keys.Order().SequenceEqual(["gateway", "node-1", "node-2"])
                    && shards["node-1"] > 0 && shards["node-2"] > 0 && shards["gateway"] == 0
                    && shards.Values.Sum() == ShardCount
                    && output.Contains($"{ShardCount} of {ShardCount} shards have an owner", StringComparison.Ordinal);
            }, "status lists both nodes and the gateway, and their shards add up");
            status.ShouldContain($"127.0.0.1:{4301 + _offset}");

            await using (var client = await LineClient.ConnectAsync(4224 + _offset))
            {
                await client.ReadLineAsync();
                var id = GatewayFixture.NewId("script");
                (await client.AskAsync($"ADD {id} pass1word")).ShouldBe($"OK added user:{id}");
                (await client.AskAsync($"LOGIN {id} pass1word")).ShouldBe("OK logged in");
            }

            using var bystander = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
            var (downCode, downOutput) = await RunScriptAsync("down");
            downCode.ShouldBe(0, downOutput);
            foreach (var (name, pid) in pids)
            {
                downOutput.ShouldContain($"{name} stopped");
                IsRunning(pid).ShouldBeFalse($"{name} (pid {pid}) still runs after down");
            }

            bystander.HasExited.ShouldBeFalse("down stops only the processes of its pid files");
            bystander.Kill();
            Directory.GetFiles(_dir.Path, "*.pid").ShouldBeEmpty();
            File.ReadAllText(Path.Combine(_dir.Path, "node-2.log")).ShouldContain("Left the cluster");
        }
        finally
        {
            if (Directory.GetFiles(_dir.Path, "*.pid").Length > 0)
            {
                await RunScriptAsync("down");
            }
        }
    }

    [Fact]
    public async Task Up_with_tls_serves_over_TLS_and_lets_in_only_processes_with_a_certificate_of_its_CA()
    {
        try
        {
            var (upCode, upOutput) = await RunScriptAsync("up", "2", "--tls");
            upCode.ShouldBe(0, upOutput);
            upOutput.ShouldContain("TLS on");
            var authority = Path.Combine(_dir.Path, "certs", "ca.pem");
            await Eventually.ConditionAsync(async () =>
            {
                var (code, output) = await RunScriptAsync("status");
                return code == 0 && output.Contains($"{ShardCount} of {ShardCount} shards have an owner", StringComparison.Ordinal);
            }, "status works and every shard has an owner");

            // The login goes from the gateway to the user's node: over mutual TLS.
            await using (var client = await LineClient.ConnectTlsAsync(4224 + _offset, authority))
            {
                await client.ReadLineAsync();
                var id = GatewayFixture.NewId("script");
                (await client.AskAsync($"ADD {id} pass1word")).ShouldBe($"OK added user:{id}");
                (await client.AskAsync($"LOGIN {id} pass1word")).ShouldBe("OK logged in");
            }

            // A process without a certificate of the cluster's CA dials node-1 and is refused.
            await using var intruder = new PeerConnection(
                new PeerAddress("127.0.0.1", 4301 + _offset), new MemberIdentity("authactors", "intruder", 1),
                new WireSerializer().RegisterAll(MessagesWire.Types), new TransportOptions(), TimeProvider.System, NullLogger.Instance);
            var refused = await Should.ThrowAsync<PeerUnavailableException>(() => intruder.RequestAsync(new GetUserStatus("anyone"), cancellationToken: TestContext.Current.CancellationToken));
            refused.Message.ShouldContain("closed the connection during the handshake");
            await Eventually.ConditionAsync(
                () => File.ReadAllText(Path.Combine(_dir.Path, "node-1.log")).Contains("Refused a transport connection from 127.0.0.1", StringComparison.Ordinal),
                "node-1 logs the refusal");
        }
        finally
        {
            if (Directory.GetFiles(_dir.Path, "*.pid").Length > 0)
            {
                await RunScriptAsync("down");
            }
        }
    }

    public void Dispose() => _dir.Dispose();

    private int ReadPid(string name) =>
        int.Parse(File.ReadAllText(Path.Combine(_dir.Path, name + ".pid")).Trim(), CultureInfo.InvariantCulture);

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private async Task<(int Code, string Output)> RunScriptAsync(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryLayout.Root, "scripts", "cluster"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AUTHACTORS_CLUSTER_DIR"] = _dir.Path;
        start.Environment["AUTHACTORS_CLUSTER_PORT_OFFSET"] = _offset.ToString(CultureInfo.InvariantCulture);
        start.Environment["AUTHACTORS_CLUSTER_BIN"] = Path.GetDirectoryName(RepositoryLayout.GatewayDll)!;
        start.Environment["AUTHACTORS_SHARDING__SHARD_COUNT"] = ShardCount.ToString(CultureInfo.InvariantCulture);
        start.Environment["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(ScriptDeadline);
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await output + await errors);
    }

    // An offset whose ports (login, sessions, HTTP, transport 4300..4303) are free now, below the ephemeral range
    // that other tests' free ports come from.
    private static int FreeOffset()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var offset = Random.Shared.Next(6000, 23000);
            int[] ports = [4224 + offset, 4225 + offset, 8080 + offset, 4300 + offset, 4301 + offset, 4302 + offset, 4303 + offset];
            if (ports.All(IsFree))
            {
                return offset;
            }
        }

        throw new InvalidOperationException("no free port offset found");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^(?<member>[\w-]+)#\d+\s+up\s+\S+\s+(?<shards>\d+)\s", RegexOptions.Multiline)]
    private static partial Regex StatusLine();
}
