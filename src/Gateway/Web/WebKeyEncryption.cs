using System.Xml.Linq;
using AuthActors.Node.Tokens;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace AuthActors.Gateway.Web;

/// <summary>
/// The antiforgery keys' encryption at rest: AES-256-GCM under a key derived from the token key-encryption key, so
/// a copy of <c>web-keys</c> alone cannot forge forms. Gateways sharing the directory share that key already.
/// </summary>
public sealed class WebKeyEncryption(SigningKeyProtector protector)
{
    // The associated data: a ciphertext from another use of the same derived key fails instead of being taken.
    private const string Label = "web-keys";

    /// <summary>The HKDF purpose the key is derived for.</summary>
    public const string Purpose = "authactors web-keys v1";

    /// <summary>The element, encrypted.</summary>
    public string Encrypt(XElement element) =>
        Convert.ToBase64String(protector.Protect(Label, System.Text.Encoding.UTF8.GetBytes(element.ToString(SaveOptions.DisableFormatting))));

    /// <summary>The element back; a clear error when the key-encryption key is not the one it was written with.</summary>
    public XElement Decrypt(string base64)
    {
        try
        {
            return XElement.Parse(System.Text.Encoding.UTF8.GetString(protector.Unprotect(Label, Convert.FromBase64String(base64))));
        }
        catch (SigningKeyDecryptionException)
        {
            throw new InvalidOperationException(
                "cannot decrypt a web key in gateway.http.web-keys-dir: tokens.signing.key-encryption-key is not the one it was written with");
        }
    }
}

/// <summary>Writes each new antiforgery key encrypted (<see cref="WebKeyEncryption"/>).</summary>
public sealed class WebKeyEncryptor(WebKeyEncryption encryption) : IXmlEncryptor
{
    /// <inheritdoc />
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) =>
        new(new XElement("encryptedKey", new XAttribute("scheme", "aes-256-gcm"), encryption.Encrypt(plaintextElement)), typeof(WebKeyDecryptor));
}

/// <summary>Reads a key <see cref="WebKeyEncryptor"/> wrote; DataProtection creates it by type, with the services.</summary>
public sealed class WebKeyDecryptor(IServiceProvider services) : IXmlDecryptor
{
    /// <inheritdoc />
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        return services.GetRequiredService<WebKeyEncryption>().Decrypt(encryptedElement.Value);
    }
}
