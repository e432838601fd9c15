using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using AuthActors.Runtime.Security;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AuthActors.Runtime.Transport;

/// <summary>
/// How transport connections are protected: plain TCP, or mutual TLS when <c>cluster.tls.ca</c> is set. With mutual
/// TLS both ends present a certificate and check the other's against exactly the cluster's CA (no system roots), so a
/// process without a certificate signed by it cannot take part in the cluster. Names are not checked: members find
/// each other in the members table, not by DNS, and the cluster's own CA signs members only.
/// </summary>
public sealed class TransportSecurity
{
    /// <summary>The configuration section.</summary>
    public const string Section = "cluster:tls";

    // Connection items between the TLS callback and the middleware around it, which logs refusals.
    private const string AcceptedItem = "authactors.transport.tls-accepted";
    private const string ProblemItem = "authactors.transport.tls-problem";

    private readonly X509Certificate2Collection? _authority;
    private readonly SslStreamCertificateContext? _own;

    private TransportSecurity(X509Certificate2Collection? authority, SslStreamCertificateContext? own)
    {
        _authority = authority;
        _own = own;
    }

    /// <summary>Plain TCP, for a cluster on one machine or a private network.</summary>
    public static TransportSecurity Plain { get; } = new(null, null);

    /// <summary>True when connections use mutual TLS.</summary>
    public bool IsMutualTls => _own is not null;

    /// <summary>Mutual TLS: present <paramref name="own"/>, accept peers whose certificate <paramref name="authority"/> signed.</summary>
    public static TransportSecurity MutualTls(X509Certificate2Collection authority, PemCertificate own)
    {
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentNullException.ThrowIfNull(own);
        return new TransportSecurity(authority, SslStreamCertificateContext.Create(own.Certificate, own.Intermediates, offline: true));
    }

    /// <summary>Reads <c>cluster.tls</c>: plain when <c>ca</c> is empty, else mutual TLS with <c>certificate</c> and <c>key</c>.</summary>
    /// <exception cref="InvalidOperationException">A setting is missing, or a file is missing, unreadable, expired or mismatched.</exception>
    public static TransportSecurity FromConfiguration(IConfiguration configuration, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(time);
        var section = configuration.GetSection(Section);
        var ca = section["ca"] ?? "";
        var certificate = section["certificate"] ?? "";
        var key = section["key"] ?? "";
        if (ca.Length == 0)
        {
            return certificate.Length == 0 && key.Length == 0
                ? Plain
                : throw new InvalidOperationException(
                    "cluster.tls.certificate or cluster.tls.key is set but cluster.tls.ca (AUTHACTORS_CLUSTER_CA) is not: mutual TLS needs the cluster's CA to check peers against");
        }

        if (certificate.Length == 0 || key.Length == 0)
        {
            throw new InvalidOperationException(
                "cluster.tls.ca is set, so this process needs its own certificate signed by it: set cluster.tls.certificate (AUTHACTORS_CLUSTER_CERT) and cluster.tls.key (AUTHACTORS_CLUSTER_KEY)");
        }

        var authority = PemCertificate.LoadAuthorities(ca, "cluster.tls.ca (AUTHACTORS_CLUSTER_CA)");
        var own = PemCertificate.Load(
            certificate, key, "cluster.tls.certificate (AUTHACTORS_CLUSTER_CERT)", "cluster.tls.key (AUTHACTORS_CLUSTER_KEY)", time.GetUtcNow());
        var security = MutualTls(authority, own);
        var problem = security.ProblemWith(own.Certificate, own.Intermediates);
        return problem is null
            ? security
            : throw new InvalidOperationException($"cluster.tls.certificate (AUTHACTORS_CLUSTER_CERT): {certificate} would be refused by the other members: {problem}");
    }

    /// <summary>
    /// Makes a listener require mutual TLS before the transport handler sees a byte, and logs every connection refused
    /// so, with the reason when the peer's certificate was the problem.
    /// </summary>
    public void Protect(ListenOptions listen, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(logger);
        if (!IsMutualTls)
        {
            return;
        }

        // Kestrel logs a failed handshake at debug level only; a peer kept out of the cluster deserves a warning.
        listen.Use(next => async connection =>
        {
            await next(connection);
            if (!connection.Items.ContainsKey(AcceptedItem))
            {
                var problem = connection.Items.TryGetValue(ProblemItem, out var found) && found is string text
                    ? text
                    : "the TLS handshake failed (a peer without TLS, or one that does not trust this process's certificate)";
                logger.LogWarning(
                    "Refused a transport connection from {Remote}: {Problem}. Only processes with a certificate signed by the cluster CA (cluster.tls.ca) may join",
                    connection.RemoteEndPoint, problem);
            }
        });
        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = context => ValueTask.FromResult(ServerOptions(context.Connection)),
        });
        listen.Use(next => connection =>
        {
            connection.Items[AcceptedItem] = true;
            return next(connection);
        });
    }

    /// <summary>Wraps a connected stream in TLS as the dialing side; a plain stream is returned as it is.</summary>
    /// <exception cref="PeerUnavailableException">The handshake failed: the peer's certificate is not the cluster's, or it refused ours.</exception>
    internal async Task<Stream> AuthenticateAsClientAsync(Stream stream, PeerAddress address, CancellationToken cancellationToken)
    {
        if (!IsMutualTls)
        {
            return stream;
        }

        string? problem = null;
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = address.Host,
                    ClientCertificateContext = _own,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                    {
                        problem = ProblemWith(certificate, chain?.ChainPolicy.ExtraStore);
                        return problem is null;
                    },
                },
                cancellationToken);
            return tls;
        }
        catch (AuthenticationException error)
        {
            await tls.DisposeAsync();
            throw new PeerUnavailableException(
                problem is null
                    ? $"the TLS handshake with {address} failed: {error.Message}"
                    : $"refused {address}: {problem}",
                error);
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }

    private SslServerAuthenticationOptions ServerOptions(ConnectionContext connection) => new()
    {
        ServerCertificateContext = _own,
        ClientCertificateRequired = true,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
        {
            var problem = ProblemWith(certificate, chain?.ChainPolicy.ExtraStore);
            if (problem is not null)
            {
                connection.Items[ProblemItem] = problem;
            }

            return problem is null;
        },
    };

    // Null when the certificate chains up to the cluster's CA, and only to it; else why not, in words for the log.
    private string? ProblemWith(X509Certificate? presented, X509Certificate2Collection? intermediates)
    {
        if (presented is null)
        {
            return "it presented no certificate";
        }

        using var certificate = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authority!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (intermediates is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        }

        if (chain.Build(certificate))
        {
            return null;
        }

        var why = string.Join("; ", chain.ChainStatus.Select(status => status.StatusInformation.Trim()).Where(text => text.Length > 0).Distinct());
        return $"its certificate ({certificate.Subject}, issued by {certificate.Issuer}) is not signed by the cluster CA ({why})";
    }
}
