using System.Collections.Frozen;
using System.Security.Cryptography;
using AuthActors.Runtime.Persistence;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.Node.Tokens;

/// <summary>
/// An immutable view of the signing keys at one moment: the key that signs, the keys that are published, their JWKS
/// and the validation parameters per key. Signers and validators read one snapshot, so a reload never tears a call.
/// </summary>
public sealed class SigningKeySet
{
    /// <summary>The only algorithm keys are made for and tokens are accepted with.</summary>
    public const string Algorithm = SecurityAlgorithms.EcdsaSha256;

    private readonly FrozenDictionary<string, TokenValidationParameters> validationByKid;
    private readonly ReadOnlyMemory<byte> jwks;

    private SigningKeySet(
        string signerKid,
        SigningCredentials signer,
        IReadOnlyList<PublishedSigningKey> published,
        FrozenDictionary<string, TokenValidationParameters> validationByKid,
        DateTimeOffset newestCreatedAt)
    {
        SignerKid = signerKid;
        Signer = signer;
        Published = published;
        this.validationByKid = validationByKid;
        NewestCreatedAt = newestCreatedAt;
        jwks = JwksDocument.Build(published);
    }

    /// <summary>The kid of the key that signs new tokens: the newest.</summary>
    public string SignerKid { get; }

    /// <summary>The keys in the JWKS, oldest first.</summary>
    public IReadOnlyList<PublishedSigningKey> Published { get; }

    /// <summary>The JWKS document's UTF-8 bytes, built once for this snapshot.</summary>
    public ReadOnlyMemory<byte> Jwks => jwks;

    /// <summary>When the signing key was made; rotation is due when it is older than <c>rotate-after</c>.</summary>
    public DateTimeOffset NewestCreatedAt { get; }

    internal SigningCredentials Signer { get; }

    internal bool TryGetValidation(string kid, out TokenValidationParameters parameters) =>
        validationByKid.TryGetValue(kid, out parameters!);

    /// <summary>
    /// The snapshot for the stored keys at <paramref name="now"/>. The newest key signs. An older key stays published
    /// until every token it may have signed has expired: from when the next key appeared, a node may sign with it for
    /// up to one reload interval more, and the token then lives one lifetime plus the clock skew.
    /// </summary>
    internal static SigningKeySet Build(
        IReadOnlyList<StoredSigningKey> stored,
        DateTimeOffset now,
        TokenOptions options,
        SigningKeyProtector protector,
        SigningKeySet? previous)
    {
        var keys = stored
            .Where(k => k.Algorithm == Algorithm)
            .OrderBy(k => k.CreatedAt)
            .ThenBy(k => k.Kid, StringComparer.Ordinal)
            .ToList();
        if (keys.Count == 0)
        {
            throw new InvalidOperationException("no ES256 signing key is stored");
        }

        var newest = keys[^1];
        var signer = previous is not null && previous.SignerKid == newest.Kid
            ? previous.Signer
            : new SigningCredentials(new ECDsaSecurityKey(DecryptPrivateKey(newest, protector)) { KeyId = newest.Kid }, Algorithm);

        var lingering = options.Signing.ReloadEvery + options.AccessTokenLifetime + options.ClockSkew;
        var published = new List<PublishedSigningKey>(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            DateTimeOffset? until = i == keys.Count - 1 ? null : keys[i + 1].CreatedAt + lingering;
            if (until is { } end && now >= end)
            {
                continue;
            }

            var reused = previous?.Published.FirstOrDefault(p => p.Kid == keys[i].Kid);
            published.Add(reused is not null && reused.PublishedUntil == until
                ? reused
                : new PublishedSigningKey(keys[i].Kid, ImportPublicKey(keys[i]), keys[i].CreatedAt, until));
        }

        var validation = published.ToFrozenDictionary(
            p => p.Kid,
            p => ValidationFor(p.SecurityKey, options),
            StringComparer.Ordinal);
        return new SigningKeySet(newest.Kid, signer, published, validation, newest.CreatedAt);
    }

    private static TokenValidationParameters ValidationFor(SecurityKey key, TokenOptions options) => new()
    {
        IssuerSigningKey = key,
        TryAllIssuerSigningKeys = false,
        ValidAlgorithms = [Algorithm],
        ValidTypes = [AccessTokenIssuer.TokenType, "application/" + AccessTokenIssuer.TokenType],
        ValidIssuers = options.AcceptedIssuers(),
        ValidAudience = options.Audience,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        // Lifetime is checked by the validator against the injected clock; IdentityModel would read the system clock.
        ValidateLifetime = false,
        ValidateIssuerSigningKey = false,
        SaveSigninToken = false,
    };

    private static ECDsa ImportPublicKey(StoredSigningKey key)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(key.PublicKey.Span, out _);
        return ecdsa;
    }

    private static ECDsa DecryptPrivateKey(StoredSigningKey key, SigningKeyProtector protector)
    {
        var pkcs8 = protector.Unprotect(key.Kid, key.EncryptedPrivateKey.Span);
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
        }
        catch (CryptographicException)
        {
            ecdsa.Dispose();
            throw new SigningKeyDecryptionException(key.Kid, "the decrypted bytes are not a private key");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }

        if (!ecdsa.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.PublicKey.Span))
        {
            ecdsa.Dispose();
            throw new SigningKeyDecryptionException(key.Kid, "the private key does not match the stored public key");
        }

        return ecdsa;
    }
}
