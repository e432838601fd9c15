using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.Node.Tokens;

/// <summary>A public key in the JWKS: what verifiers need, and until when it is published.</summary>
public sealed class PublishedSigningKey
{
    internal PublishedSigningKey(string kid, ECDsa publicKey, DateTimeOffset createdAt, DateTimeOffset? publishedUntil)
    {
        Kid = kid;
        CreatedAt = createdAt;
        PublishedUntil = publishedUntil;
        var point = publicKey.ExportParameters(includePrivateParameters: false).Q;
        X = point.X!;
        Y = point.Y!;
        SecurityKey = new ECDsaSecurityKey(publicKey) { KeyId = kid };
    }

    /// <summary>The key id tokens carry in their header.</summary>
    public string Kid { get; }

    /// <summary>When the key was made.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>
    /// When every token the key signed has expired and it leaves the JWKS; null while it is the newest key.
    /// </summary>
    public DateTimeOffset? PublishedUntil { get; }

    /// <summary>The P-256 point's x coordinate.</summary>
    internal byte[] X { get; }

    /// <summary>The P-256 point's y coordinate.</summary>
    internal byte[] Y { get; }

    /// <summary>The public key for signature checks.</summary>
    internal ECDsaSecurityKey SecurityKey { get; }
}
