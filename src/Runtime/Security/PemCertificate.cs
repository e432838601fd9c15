using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AuthActors.Runtime.Security;

/// <summary>A certificate with its private key, and the intermediate certificates after it in the same PEM file.</summary>
/// <param name="Certificate">The first certificate of the file, with the key.</param>
/// <param name="Intermediates">The certificates after the first, which a server sends along so that clients can build the chain.</param>
public sealed record PemCertificate(X509Certificate2 Certificate, X509Certificate2Collection Intermediates)
{
    /// <summary>
    /// Loads a certificate file and its key file (unencrypted PKCS#8, EC or RSA PEM). Every failure says which
    /// setting names which file and what is wrong with it, as an operator needs to fix it at start.
    /// </summary>
    /// <param name="certificateFile">Path to the PEM certificate (chain).</param>
    /// <param name="keyFile">Path to the PEM private key.</param>
    /// <param name="certificateSetting">How the operator set the certificate, e.g. <c>gateway.tls.certificate (AUTHACTORS_TLS_CERT)</c>.</param>
    /// <param name="keySetting">How the operator set the key.</param>
    /// <param name="now">The time to check the certificate's validity against.</param>
    /// <exception cref="InvalidOperationException">A file is missing, unreadable, malformed, expired, or the key is not the certificate's.</exception>
    public static PemCertificate Load(string certificateFile, string keyFile, string certificateSetting, string keySetting, DateTimeOffset now)
    {
        var certificateText = Read(certificateFile, certificateSetting);
        var keyText = Read(keyFile, keySetting);
        var all = new X509Certificate2Collection();
        try
        {
            all.ImportFromPem(certificateText);
        }
        catch (CryptographicException error)
        {
            throw new InvalidOperationException($"{certificateSetting}: {certificateFile} is not a readable PEM certificate ({error.Message})", error);
        }

        if (all.Count == 0)
        {
            throw new InvalidOperationException($"{certificateSetting}: {certificateFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(certificateText, keyText);
        }
        catch (Exception error) when (error is CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException(
                IsPrivateKey(keyText)
                    ? $"{keySetting}: the key in {keyFile} does not match the certificate in {certificateFile}"
                    : $"{keySetting}: {keyFile} holds no unencrypted PEM private key (PKCS#8, EC or RSA)",
                error);
        }

        if (certificate.NotAfter < now.UtcDateTime || certificate.NotBefore > now.UtcDateTime)
        {
            throw new InvalidOperationException(
                $"{certificateSetting}: the certificate in {certificateFile} is valid from {certificate.NotBefore:u} to {certificate.NotAfter:u}, not now");
        }

        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++)
        {
            intermediates.Add(all[i]);
        }

        return new PemCertificate(certificate, intermediates);
    }

    /// <summary>Loads a file of PEM certificates that are trusted as roots (a CA).</summary>
    /// <exception cref="InvalidOperationException">The file is missing, unreadable or holds no certificate.</exception>
    public static X509Certificate2Collection LoadAuthorities(string file, string setting)
    {
        var text = Read(file, setting);
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPem(text);
        }
        catch (CryptographicException error)
        {
            throw new InvalidOperationException($"{setting}: {file} is not a readable PEM certificate ({error.Message})", error);
        }

        return authorities.Count > 0
            ? authorities
            : throw new InvalidOperationException($"{setting}: {file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }

    private static string Read(string file, string setting)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidOperationException($"{setting}: {file} does not exist", error);
        }
        catch (Exception error) when (error is UnauthorizedAccessException or IOException)
        {
            throw new InvalidOperationException($"{setting}: {file} cannot be read ({error.Message})", error);
        }
    }

    private static bool IsPrivateKey(string pem)
    {
        using var ec = ECDsa.Create();
        using var rsa = RSA.Create();
        return Imports(() => ec.ImportFromPem(pem)) || Imports(() => rsa.ImportFromPem(pem));
    }

    private static bool Imports(Action import)
    {
        try
        {
            import();
            return true;
        }
        catch (Exception error) when (error is ArgumentException or CryptographicException)
        {
            return false;
        }
    }
}
