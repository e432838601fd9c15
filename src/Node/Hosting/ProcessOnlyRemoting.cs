using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Remote.Hosting;
using Akka.Remote.Transport.DotNetty;

namespace AuthActors.Node.Hosting;

/// <summary>
/// The remoting of single-process mode. Akka.Cluster needs a transport even for a cluster of one, so the process
/// listens on a loopback port; on a machine other users share, that port must take nothing from them (a message there
/// could create an admin). It serves TLS with a certificate made for this run, held only in this process's memory,
/// and accepts only a peer that presents that same certificate: nobody else holds its private key.
/// </summary>
public static class ProcessOnlyRemoting
{
    /// <summary>Loopback, a free port, and mutual TLS pinned to a certificate of this run.</summary>
    public static RemoteOptions Options()
    {
        var certificate = NewCertificate();
        return new RemoteOptions
        {
            HostName = "127.0.0.1",
            Port = 0,
            EnableSsl = true,
            Ssl = new SslOptions
            {
                X509Certificate = certificate,
                RequireMutualAuthentication = true,
                CustomValidator = CertificateValidation.PinnedCertificate(certificate.Thumbprint),
            },
        };
    }

    // ECDSA P-256, valid for a day (a process that runs longer keeps it: only new connections check the dates, and
    // none is ever made to this port but by this process). Exported and loaded again, so that TLS gets a key it can
    // use on every platform rather than an ephemeral one.
    private static X509Certificate2 NewCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=authactors-single-process", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }
}
