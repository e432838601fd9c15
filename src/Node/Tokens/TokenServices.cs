using System.Security.Cryptography;
using System.Text;
using AuthActors.Runtime.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AuthActors.Node.Tokens;

/// <summary>
/// Everything a gateway needs for access tokens, opened once at start: the options, the key ring (reloaded in the
/// background until disposed), the issuer, the validator and the JWKS.
/// </summary>
public sealed class TokenServices : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly Task reloading;
    private readonly byte[] keyEncryptionKey;

    private TokenServices(TokenOptions options, SigningKeyRing keys, TimeProvider time, byte[] keyEncryptionKey, bool keyEncryptionKeyGenerated, ILogger logger)
    {
        this.keyEncryptionKey = keyEncryptionKey;
        Options = options;
        Keys = keys;
        KeyEncryptionKeyGenerated = keyEncryptionKeyGenerated;
        Issuer = new AccessTokenIssuer(keys, options, time);
        Validator = new AccessTokenValidator(keys, options, time);
        reloading = keys.RefreshPeriodicallyAsync(logger, stopping.Token);
    }

    /// <summary>The bound <c>tokens</c> section.</summary>
    public TokenOptions Options { get; }

    /// <summary>The signing keys; <c>Keys.Current</c> is the snapshot in use.</summary>
    public SigningKeyRing Keys { get; }

    /// <summary>Issues access tokens.</summary>
    public AccessTokenIssuer Issuer { get; }

    /// <summary>Validates access tokens.</summary>
    public AccessTokenValidator Validator { get; }

    /// <summary>
    /// True when no key-encryption key is configured and the one in the data directory is used: the caller should
    /// warn, since a copy of the data directory then holds everything needed to sign.
    /// </summary>
    public bool KeyEncryptionKeyGenerated { get; }

    /// <summary>The body of <c>GET /.well-known/jwks.json</c> (<see cref="JwksDocument.ContentType"/>), current keys.</summary>
    public ReadOnlyMemory<byte> Jwks => Keys.Current.Jwks;

    /// <summary>
    /// Binds <c>tokens</c>, loads (or generates into <paramref name="dataDirectory"/>) the key-encryption key, opens
    /// the ring on <paramref name="store"/> and starts reloading it every <c>tokens.signing.reload-every</c>.
    /// Configuration and key errors are <see cref="InvalidOperationException"/>s with a one-line message.
    /// </summary>
    public static async Task<TokenServices> OpenAsync(
        IConfiguration configuration,
        ISigningKeyStore store,
        string dataDirectory,
        TimeProvider time,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(logger);
        var options = (configuration.GetSection("tokens").Get<TokenOptions>() ?? new TokenOptions()).Validated();
        var (keyEncryptionKey, generated) = KeyEncryptionKeyStore.Load(options.Signing.KeyEncryptionKey, dataDirectory);
        var ring = await SigningKeyRing.OpenAsync(store, new SigningKeyProtector(keyEncryptionKey), options, time, cancellationToken);
        return new TokenServices(options, ring, time, keyEncryptionKey, generated, logger);
    }

    /// <summary>
    /// An AES-256-GCM protector for another secret kept at rest, under a key derived with HKDF from the key-encryption
    /// key and <paramref name="purpose"/>: one key to configure and back up, a different key for each use.
    /// </summary>
    public SigningKeyProtector ProtectorFor(string purpose) => new(HKDF.DeriveKey(
        HashAlgorithmName.SHA256, keyEncryptionKey, KeyEncryptionKeyStore.KeyBytes, salt: [], info: Encoding.UTF8.GetBytes(purpose)));

    /// <summary>Stops the background reload.</summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await reloading;
        stopping.Dispose();
        Keys.Dispose();
    }
}
