using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AuthActors.Runtime.Security;

/// <summary>The PEM files <see cref="DevCertificates.Write"/> wrote; each key is readable by its owner only.</summary>
/// <param name="Authority">The local CA's certificate: what clients trust, and <c>cluster.tls.ca</c>.</param>
/// <param name="GatewayCertificate">The gateway's certificate (<c>gateway.tls.certificate</c>).</param>
/// <param name="GatewayKey">The gateway's private key (<c>gateway.tls.key</c>).</param>
/// <param name="MemberCertificate">The certificate every cluster member presents (<c>cluster.tls.certificate</c>).</param>
/// <param name="MemberKey">The members' private key (<c>cluster.tls.key</c>).</param>
public sealed record DevCertificateFiles(string Authority, string GatewayCertificate, string GatewayKey, string MemberCertificate, string MemberKey);

/// <summary>
/// Writes a local certificate authority and certificates signed by it, for TLS on a developer's machine or a local
/// cluster: ECDSA P-256, valid for localhost, 127.0.0.1 and ::1. The CA's own key is not kept, so nothing else can
/// be signed by it later: run it again for a new set.
/// </summary>
public static class DevCertificates
{
    /// <summary>How long the CA is valid: long enough not to bother a developer, short enough to expire unnoticed copies.</summary>
    public static readonly TimeSpan AuthorityLifetime = TimeSpan.FromDays(2 * 365);

    /// <summary>How long the gateway's and members' certificates are valid (browsers refuse server certificates past 398 days).</summary>
    public static readonly TimeSpan CertificateLifetime = TimeSpan.FromDays(365);

    /// <summary>What <see cref="Write"/> wrote and which setting each file is for, as lines for a person.</summary>
    public static IReadOnlyList<string> Describe(DevCertificateFiles files) =>
    [
        "wrote a local CA and certificates for localhost, 127.0.0.1 and ::1 (keys readable by you only):",
        $"  CA (trust it in clients; cluster.tls.ca)   {files.Authority}",
        $"  gateway (AUTHACTORS_TLS_CERT, _TLS_KEY)    {files.GatewayCertificate} {files.GatewayKey}",
        $"  members (AUTHACTORS_CLUSTER_CERT, _KEY)    {files.MemberCertificate} {files.MemberKey}",
    ];

    /// <summary>Writes <c>ca.pem</c>, <c>gateway.pem</c>, <c>gateway-key.pem</c>, <c>member.pem</c>, <c>member-key.pem</c> into <paramref name="directory"/> (created if missing; files there are replaced).</summary>
    /// <returns>The paths written.</returns>
    public static DevCertificateFiles Write(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        var now = DateTimeOffset.UtcNow;
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var authority = CreateAuthority(authorityKey, now);
        var files = new DevCertificateFiles(
            Path.GetFullPath(Path.Combine(directory, "ca.pem")),
            Path.GetFullPath(Path.Combine(directory, "gateway.pem")),
            Path.GetFullPath(Path.Combine(directory, "gateway-key.pem")),
            Path.GetFullPath(Path.Combine(directory, "member.pem")),
            Path.GetFullPath(Path.Combine(directory, "member-key.pem")));
        WritePublic(files.Authority, authority.ExportCertificatePem());
        WriteSigned(authority, "AuthActors dev gateway", now, files.GatewayCertificate, files.GatewayKey);
        WriteSigned(authority, "AuthActors dev cluster member", now, files.MemberCertificate, files.MemberKey);
        return files;
    }

    private static X509Certificate2 CreateAuthority(ECDsa key, DateTimeOffset now)
    {
        var request = new CertificateRequest("CN=AuthActors dev CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        // Backdated a little, so that a machine whose clock is slightly behind does not find it not yet valid.
        return request.CreateSelfSigned(now.AddMinutes(-5), now.Add(AuthorityLifetime));
    }

    private static void WriteSigned(X509Certificate2 authority, string name, DateTimeOffset now, string certificateFile, string keyFile)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        // Both uses: a member is a server to the peers that dial it and a client to those it dials.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication"), new Oid("1.3.6.1.5.5.7.3.2", "Client Authentication")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f; // a positive serial number, as RFC 5280 asks
        var notAfter = now.Add(CertificateLifetime) < authority.NotAfter ? now.Add(CertificateLifetime) : new DateTimeOffset(authority.NotAfter);
        using var certificate = request.Create(authority, now.AddMinutes(-5), notAfter, serial);
        WritePublic(certificateFile, certificate.ExportCertificatePem());
        WriteOwnerOnly(keyFile, key.ExportPkcs8PrivateKeyPem());
    }

    private static void WritePublic(string path, string pem) => File.WriteAllText(path, pem + "\n");

    // The key file is created with owner-only permissions (a file left from an earlier run is removed first, as it
    // could have others' read permission), so there is no moment in which others could read the key.
    private static void WriteOwnerOnly(string path, string pem)
    {
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
        writer.Write(pem + "\n");
    }
}
