using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using AuthActors.Messages;
using AuthActors.Runtime.Security;
using AuthActors.Runtime.Transport;
using AuthActors.TestKit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace AuthActors.Runtime.Tests.Transport;

/// <summary>
/// Mutual TLS on the transport over real loopback sockets, with certificates from <see cref="DevCertificates"/>: a
/// peer with a certificate of the cluster's CA is served; one without TLS, without a certificate, or with a certificate
/// of another CA is refused, and both sides say why.
/// </summary>
public sealed class MutualTlsTests : IDisposable
{
    private readonly TemporaryDirectory _certificates = new();
    private readonly DevCertificateFiles _cluster;
    private readonly DevCertificateFiles _stranger;

    public MutualTlsTests()
    {
        _cluster = DevCertificates.Write(Path.Combine(_certificates.Path, "cluster"));
        _stranger = DevCertificates.Write(Path.Combine(_certificates.Path, "stranger"));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task A_peer_with_a_certificate_of_the_cluster_CA_is_served()
    {
        await using var server = await StartServerAsync(Security(_cluster, _cluster));
        await using var peer = Connect(server.Address, Security(_cluster, _cluster));

        (await peer.RequestAsync(new GetUserStatus("alice0"), cancellationToken: Ct)).ShouldBe(new UserStatus("alice0", Exists: true));
        server.Logs.Contains("Refused").ShouldBeFalse();
    }

    [Fact]
    public async Task A_peer_without_TLS_is_refused()
    {
        await using var server = await StartServerAsync(Security(_cluster, _cluster));
        await using var peer = Connect(server.Address, TransportSecurity.Plain);

        var refused = await RefusalAsync(peer);

        refused.Message.ShouldContain("closed the connection during the handshake");
        await Eventually.ConditionAsync(() => server.Logs.Contains("Refused a transport connection from 127.0.0.1"), "the server logs the refusal");
        server.Logs.Contains("Peer gateway-1").ShouldBeFalse();
    }

    [Fact]
    public async Task A_TLS_peer_without_a_certificate_is_refused()
    {
        await using var server = await StartServerAsync(Security(_cluster, _cluster));
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.Address.Host, server.Address.Port, Ct);
        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
        var authority = X509CertificateLoader.LoadCertificateFromFile(_cluster.Authority);
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { authority },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
            Ct);

        // TLS 1.3: the server judges the client's (missing) certificate after the client's side of the handshake.
        var read = await ReadOrFailAsync(tls);
        read.ShouldBe(0);
        await Eventually.ConditionAsync(
            () => server.Logs.Contains("Refused a transport connection from 127.0.0.1") && server.Logs.Contains("it presented no certificate"),
            "the server logs the refusal and why");
    }

    [Fact]
    public async Task A_peer_with_a_certificate_of_another_CA_is_refused_by_the_node()
    {
        await using var server = await StartServerAsync(Security(_cluster, _cluster));
        // It trusts the cluster's CA, so it would accept the node, but its own certificate is the stranger's.
        await using var peer = Connect(server.Address, Security(trust: _cluster, present: _stranger));

        var refused = await RefusalAsync(peer);

        refused.Message.ShouldContain("it refuses a certificate that the cluster CA did not sign");
        await Eventually.ConditionAsync(
            () => server.Logs.Contains("Refused a transport connection from 127.0.0.1") && server.Logs.Contains("is not signed by the cluster CA"),
            "the server logs the refusal and why");
    }

    [Fact]
    public async Task A_node_with_a_certificate_of_another_CA_is_refused_by_the_dialing_peer()
    {
        await using var server = await StartServerAsync(Security(trust: _cluster, present: _stranger));
        await using var peer = Connect(server.Address, Security(_cluster, _cluster));

        var refused = await RefusalAsync(peer);

        refused.Message.ShouldContain($"refused {server.Address}: its certificate (CN=AuthActors dev cluster member");
        refused.Message.ShouldContain("is not signed by the cluster CA");
    }

    [Fact]
    public void A_member_certificate_that_the_CA_did_not_sign_stops_the_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["cluster:tls:ca"] = _cluster.Authority,
            ["cluster:tls:certificate"] = _stranger.MemberCertificate,
            ["cluster:tls:key"] = _stranger.MemberKey,
        }).Build();

        var error = Should.Throw<InvalidOperationException>(() => TransportSecurity.FromConfiguration(configuration, TimeProvider.System));

        error.Message.ShouldContain("would be refused by the other members");
    }

    private TransportSecurity Security(DevCertificateFiles trust, DevCertificateFiles present) =>
        TransportSecurity.MutualTls(
            PemCertificate.LoadAuthorities(trust.Authority, "ca"),
            PemCertificate.Load(present.MemberCertificate, present.MemberKey, "certificate", "key", DateTimeOffset.UtcNow));

    private static Task<TransportServer> StartServerAsync(TransportSecurity security) =>
        TransportServer.StartAsync(
            (message, _) => Task.FromResult<object>(message is GetUserStatus status ? new UserStatus(status.UserId, Exists: true) : new Rejected(ErrorCode.InvalidInput, "unexpected")),
            security: security);

    private static PeerConnection Connect(PeerAddress address, TransportSecurity security) =>
        new(address, new MemberIdentity(TransportServer.Cluster, "gateway-1", 7), TransportServer.Serializer,
            new TransportOptions { ReconnectMinBackoff = TimeSpan.FromSeconds(30), ReconnectMaxBackoff = TimeSpan.FromSeconds(30) },
            TimeProvider.System, NullLogger.Instance, security: security);

    // The first request waits for the first connection attempt; the reason it failed is the request's exception.
    private static async Task<PeerUnavailableException> RefusalAsync(PeerConnection peer) =>
        await Should.ThrowAsync<PeerUnavailableException>(() => peer.RequestAsync(new GetUserStatus("alice0"), cancellationToken: Ct));

    private static async Task<int> ReadOrFailAsync(SslStream tls)
    {
        try
        {
            return await tls.ReadAsync(new byte[16], Ct);
        }
        catch (Exception error) when (error is IOException or System.Security.Authentication.AuthenticationException)
        {
            return 0;
        }
    }
}
