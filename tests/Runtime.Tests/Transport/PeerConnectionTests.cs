using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using AuthActors.Messages;
using AuthActors.Runtime.Configuration;
using AuthActors.Runtime.Transport;
using AuthActors.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace AuthActors.Runtime.Tests.Transport;

/// <summary>Client and server over real loopback sockets: correlation, timeouts, outages, bounds and refusals.</summary>
public sealed class PeerConnectionTests
{
    private static readonly TimeSpan Deadline = Eventually.DefaultDeadline;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A node's answers: "slow" profiles wait for <see cref="Release"/>, "boom" throws a message that must not leak.</summary>
    private sealed class Node
    {
        public TaskCompletionSource SlowStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource SlowFinished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<string> Unlocked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<object> HandleAsync(object message, CancellationToken cancellationToken)
        {
            switch (message)
            {
                case GetUserStatus status:
                    return new UserStatus(status.UserId, Exists: status.UserId.EndsWith('0'));
                case Register register:
                    return register.Password.Value == "pa55word" ? new Registered(register.UserId) : new Rejected(ErrorCode.InvalidInput, ["too short", "no digit"]);
                case IssueTokens issue:
                    return new TokensIssued(issue.UserId, "s1", "jwt", DateTimeOffset.UnixEpoch, new Secret("rt1.secret"), DateTimeOffset.UnixEpoch.AddDays(1), ["admin"]);
                case GetProfile { UserId: "slow" }:
                    SlowStarted.TrySetResult();
                    await Release.Task.WaitAsync(cancellationToken);
                    SlowFinished.TrySetResult();
                    return new Rejected(ErrorCode.Busy, "late");
                case Unlock unlock:
                    Unlocked.TrySetResult(unlock.UserId);
                    return new AccountChanged(unlock.UserId, AccountStatus.Active);
                case Ban { UserId: "boom" }:
                    throw new InvalidOperationException("connection string Password=hunter2 failed");
                default:
                    return new Rejected(ErrorCode.InvalidInput, "unexpected");
            }
        }
    }

    private static TransportOptions Options(Action<TransportOptions>? change = null)
    {
        var options = new TransportOptions
        {
            ReconnectMinBackoff = TimeSpan.FromMilliseconds(20),
            ReconnectMaxBackoff = TimeSpan.FromMilliseconds(200),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            RequestTimeout = Deadline,
        };
        change?.Invoke(options);
        return options;
    }

    private static PeerConnection Connect(PeerAddress address, TransportOptions? options = null, string cluster = TransportServer.Cluster) =>
        new(address, new MemberIdentity(cluster, "gateway-1", 7), TransportServer.Serializer, options ?? Options(), TimeProvider.System, NullLogger.Instance);

    [Fact]
    public async Task A_request_gets_its_reply_with_real_messages()
    {
        var node = new Node();
        await using var server = await TransportServer.StartAsync(node.HandleAsync);
        await using var peer = Connect(server.Address);

        (await peer.RequestAsync(new Register("alice", new Secret("pa55word"), PasswordPolicyName.Nist), cancellationToken: Ct)).ShouldBe(new Registered("alice"));
        var rejected = (await peer.RequestAsync(new Register("bob", new Secret("x"), PasswordPolicyName.Classic), cancellationToken: Ct)).ShouldBeOfType<Rejected>();
        rejected.Reasons.ShouldBe(["too short", "no digit"]);
        var issued = (await peer.RequestAsync(new IssueTokens("alice", new Secret("pa55word"), SessionClient.Tcp), cancellationToken: Ct)).ShouldBeOfType<TokensIssued>();
        issued.RefreshToken.Value.ShouldBe("rt1.secret");
        issued.Roles.ShouldBe(["admin"]);
        peer.IsConnected.ShouldBeTrue();
        peer.Peer.ShouldBe(new MemberIdentity(TransportServer.Cluster, "node-1", 1));
    }

    [Fact]
    public async Task A_thousand_concurrent_requests_on_one_connection_each_get_their_own_reply()
    {
        var node = new Node();
        await using var server = await TransportServer.StartAsync(node.HandleAsync, Options(o => o.MaxInFlightPerConnection = 16));
        await using var peer = Connect(server.Address);

        var ids = Enumerable.Range(0, 1000).Select(i => $"user-{i}").ToArray();
        var replies = await Task.WhenAll(ids.Select(id => peer.RequestAsync(new GetUserStatus(id), cancellationToken: Ct)));

        replies.ShouldBe(ids.Select(id => (object)new UserStatus(id, id.EndsWith('0'))));
        server.Logs.Lines.Count(line => line.Contains("connected from", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task A_node_runs_no_more_requests_of_one_connection_at_once_than_its_bound()
    {
        var running = 0;
        var most = 0;
        async Task<object> CountingAsync(object message, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Yield();
            Interlocked.Decrement(ref running);
            return new UserStatus(((GetUserStatus)message).UserId, true);
        }

        await using var server = await TransportServer.StartAsync(CountingAsync, Options(o => o.MaxInFlightPerConnection = 4));
        await using var peer = Connect(server.Address);

        var replies = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => peer.RequestAsync(new GetUserStatus($"user-{i}"), cancellationToken: Ct)));

        replies.Length.ShouldBe(200);
        most.ShouldBeInRange(1, 4);
    }

    [Fact]
    public async Task A_slow_reply_times_out_and_arriving_late_does_no_harm()
    {
        var node = new Node();
        await using var server = await TransportServer.StartAsync(node.HandleAsync);
        await using var peer = Connect(server.Address);

        var timedOut = await Should.ThrowAsync<TimeoutException>(() => peer.RequestAsync(new GetProfile("slow"), TimeSpan.FromMilliseconds(50), Ct));
        timedOut.Message.ShouldContain("user.get-profile.v1");
        await node.SlowStarted.Task.WaitAsync(Deadline, Ct);
        node.Release.SetResult();
        await node.SlowFinished.Task.WaitAsync(Deadline, Ct);

        // Frames on one connection keep their order: this reply comes after the late one, which was dropped.
        (await peer.RequestAsync(new GetUserStatus("user-10"), cancellationToken: Ct)).ShouldBe(new UserStatus("user-10", true));
        peer.IsConnected.ShouldBeTrue();
    }

    [Fact]
    public async Task Stopping_the_server_fails_requests_in_flight_and_the_client_reconnects_after_a_restart()
    {
        var node = new Node();
        var server = await TransportServer.StartAsync(node.HandleAsync);
        var port = server.Port;
        await using var peer = Connect(server.Address);

        var inFlight = peer.RequestAsync(new GetProfile("slow"), cancellationToken: Ct);
        await node.SlowStarted.Task.WaitAsync(Deadline, Ct);
        await server.StopAsync();
        await server.DisposeAsync();

        var lost = await Should.ThrowAsync<PeerUnavailableException>(() => inFlight.WaitAsync(Deadline, Ct));
        lost.Message.ShouldContain(server.Address.ToString());
        await Should.ThrowAsync<PeerUnavailableException>(() => peer.RequestAsync(new GetUserStatus("user-1"), cancellationToken: Ct));

        await using var restarted = await TransportServer.StartAsync(new Node().HandleAsync, port: port);
        await Eventually.ConditionAsync(
            async () =>
            {
                try
                {
                    return await peer.RequestAsync(new GetUserStatus("user-20"), cancellationToken: Ct) is UserStatus { Exists: true };
                }
                catch (PeerUnavailableException)
                {
                    return false;
                }
            },
            "the client reconnects to the restarted server");
    }

    [Fact]
    public async Task A_peer_nobody_listens_on_is_unavailable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var peer = Connect(new PeerAddress("127.0.0.1", port));

        // Queued while connecting or refused at once, it was never written: the caller may send it elsewhere.
        var unavailable = await Should.ThrowAsync<PeerUnavailableException>(() => peer.RequestAsync(new GetUserStatus("user-1"), cancellationToken: Ct));
        unavailable.NotSent.ShouldBeTrue("nothing was written to a peer that was never reached");
    }

    [Fact]
    public async Task A_full_send_queue_refuses_at_once()
    {
        // A listener that accepts and never answers the hello: the connection stays in its handshake, frames queue.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        await using var peer = Connect(new PeerAddress("127.0.0.1", ((IPEndPoint)silent.LocalEndpoint).Port), Options(o => o.SendQueueLimit = 4));

        var queued = Enumerable.Range(0, 4).Select(i => peer.RequestAsync(new GetUserStatus($"user-{i}"), cancellationToken: Ct)).ToList();
        var refused = await Should.ThrowAsync<SendQueueFullException>(() => peer.RequestAsync(new GetUserStatus("user-5"), cancellationToken: Ct));
        refused.Message.ShouldContain("4 frames");
        queued.ShouldAllBe(request => !request.IsCompleted);

        await peer.DisposeAsync();
        foreach (var request in queued)
        {
            await Should.ThrowAsync<PeerUnavailableException>(() => request.WaitAsync(Deadline, Ct));
        }
    }

    [Fact]
    public async Task An_oversized_frame_closes_that_connection_and_the_server_keeps_serving_others()
    {
        var options = Options(o => o.MaxFrameSize = new ByteSize(4096));
        await using var server = await TransportServer.StartAsync(new Node().HandleAsync, options);
        using var rogue = new TcpClient();
        await rogue.ConnectAsync(IPAddress.Loopback, server.Port, Ct);
        var stream = rogue.GetStream();
        await stream.WriteAsync(FrameCodec.Encode(FrameKind.Hello, 0, new MemberIdentity(TransportServer.Cluster, "rogue", 1), TransportServer.Serializer, 4096), Ct);
        var header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, 4097);
        await stream.WriteAsync(header, Ct);

        (await ReadToEndAsync(stream)).ShouldBeGreaterThan(0, "the server's hello comes before the close: " + string.Join("\n", server.Logs.Lines));
        await Eventually.ConditionAsync(() => server.Logs.Contains("max-frame-size (4096)"), "the server logs why it closed");

        await using var peer = Connect(server.Address, options);
        (await peer.RequestAsync(new GetUserStatus("user-30"), cancellationToken: Ct)).ShouldBe(new UserStatus("user-30", true));
        await Should.ThrowAsync<FrameTooLargeException>(() => peer.RequestAsync(new Ban("alice", new string('x', 5000)), cancellationToken: Ct));
        (await peer.RequestAsync(new GetUserStatus("user-31"), cancellationToken: Ct)).ShouldBe(new UserStatus("user-31", false));
    }

    [Fact]
    public async Task A_peer_of_another_cluster_is_refused()
    {
        await using var server = await TransportServer.StartAsync(new Node().HandleAsync);
        await using var stranger = Connect(server.Address, cluster: "other-cluster");

        var refused = await Should.ThrowAsync<PeerUnavailableException>(() => stranger.RequestAsync(new GetUserStatus("user-1"), cancellationToken: Ct));
        refused.Message.ShouldContain("refused", customMessage: refused.ToString());
        stranger.IsConnected.ShouldBeFalse();
        server.Logs.Contains("cluster 'other-cluster'").ShouldBeTrue();

        await using var member = Connect(server.Address);
        (await member.RequestAsync(new GetUserStatus("user-40"), cancellationToken: Ct)).ShouldBe(new UserStatus("user-40", true));
    }

    [Fact]
    public async Task A_handler_exception_becomes_a_failure_with_safe_text()
    {
        await using var server = await TransportServer.StartAsync(new Node().HandleAsync);
        await using var peer = Connect(server.Address);

        var failure = await Should.ThrowAsync<RemoteFailureException>(() => peer.RequestAsync(new Ban("boom", "spam"), cancellationToken: Ct));
        failure.Message.ShouldBe("user.ban.v1 failed on the peer");
        failure.Message.ShouldNotContain("hunter2");
        server.Logs.Contains("hunter2").ShouldBeTrue("the operator sees the cause in the server's log");
        (await peer.RequestAsync(new GetUserStatus("user-50"), cancellationToken: Ct)).ShouldBe(new UserStatus("user-50", true));
    }

    [Fact]
    public async Task A_one_way_message_reaches_the_handler_and_the_connection_carries_on()
    {
        var node = new Node();
        await using var server = await TransportServer.StartAsync(node.HandleAsync);
        await using var peer = Connect(server.Address);

        peer.Send(new Unlock("dave"));
        (await node.Unlocked.Task.WaitAsync(Deadline, Ct)).ShouldBe("dave");
        (await peer.RequestAsync(new GetUserStatus("user-70"), cancellationToken: Ct)).ShouldBe(new UserStatus("user-70", true));
    }

    [Fact]
    public async Task A_request_of_an_unknown_manifest_gets_a_failure_and_the_connection_stays()
    {
        await using var server = await TransportServer.StartAsync(new Node().HandleAsync);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Port, Ct);
        var stream = client.GetStream();
        var frames = new FrameReader(System.IO.Pipelines.PipeReader.Create(stream), TransportServer.Serializer, 4096);
        await stream.WriteAsync(FrameCodec.Encode(FrameKind.Hello, 0, new MemberIdentity(TransportServer.Cluster, "newer", 1), TransportServer.Serializer, 4096), Ct);
        (await frames.ReadAsync(Ct))!.Value.Kind.ShouldBe(FrameKind.Hello);

        await stream.WriteAsync(RawFrame("{\"kind\":\"request\",\"id\":41,\"manifest\":\"user.teleport.v9\",\"payload\":{\"to\":\"mars\"}}"), Ct);
        await stream.WriteAsync(FrameCodec.Encode(FrameKind.Request, 42, new GetUserStatus("user-80"), TransportServer.Serializer, 4096), Ct);

        var answers = new[] { (await frames.ReadAsync(Ct))!.Value, (await frames.ReadAsync(Ct))!.Value }.OrderBy(f => f.CorrelationId).ToArray();
        answers[0].Kind.ShouldBe(FrameKind.Failure);
        answers[0].Payload.ShouldBe(new RemoteFailure("the peer cannot read user.teleport.v9"));
        answers[1].Payload.ShouldBe(new UserStatus("user-80", true));
    }

    [Fact]
    public async Task Peer_connections_keep_one_connection_per_address()
    {
        await using var server = await TransportServer.StartAsync(new Node().HandleAsync);
        var peers = new PeerConnections(
            new MemberIdentity(TransportServer.Cluster, "gateway-1", 1), TransportServer.Serializer,
            Microsoft.Extensions.Options.Options.Create(Options()), TimeProvider.System, NullLoggerFactory.Instance);

        peers.Get(server.Address).ShouldBeSameAs(peers.Get(new PeerAddress("127.0.0.1", server.Port)));
        (await peers.RequestAsync(server.Address, new GetUserStatus("user-60"), cancellationToken: Ct)).ShouldBe(new UserStatus("user-60", true));

        await peers.DisposeAsync();
        Should.Throw<ObjectDisposedException>(() => peers.Get(server.Address));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    private static byte[] RawFrame(string json)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(json);
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, body.Length);
        body.CopyTo(frame, 4);
        return frame;
    }

    // Reads until the server closes the connection; returns how many bytes came first.
    private static async Task<int> ReadToEndAsync(NetworkStream stream)
    {
        var total = 0;
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, Ct).AsTask().WaitAsync(Deadline, Ct)) > 0)
            {
                total += read;
            }
        }
        catch (IOException)
        {
            // A reset is a close too.
        }

        return total;
    }
}
