using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace AuthActors.Gateway.Client;

/// <summary>
/// The client's TLS (<c>--tls</c>): the server's certificate is checked against the system's roots, or, with
/// <c>--ca FILE</c>, against that CA only (a dev CA from <c>dev-certs</c>, say), and must name the host dialled.
/// </summary>
internal sealed class ClientTls(string? authorityFile)
{
    /// <summary>Wraps <paramref name="stream"/> in TLS to <paramref name="host"/>.</summary>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The server's certificate is not trusted or not for this host.</exception>
    public async Task<Stream> AuthenticateAsync(Stream stream, string host, CancellationToken cancellationToken)
    {
        var options = new SslClientAuthenticationOptions { TargetHost = host };
        if (authorityFile is not null)
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(authorityFile);
            options.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            options.CertificateChainPolicy.CustomTrustStore.AddRange(authorities);
        }

        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(options, cancellationToken);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }
}
