using System.Security.Cryptography;
using AuthActors.Runtime.Persistence;
using Microsoft.Extensions.Logging;

namespace AuthActors.Node.Tokens;

/// <summary>
/// The signing keys all nodes share: made on first start, rotated when the newest is older than
/// <c>tokens.signing.rotate-after</c>, reloaded so keys made by other nodes appear. Readers take
/// <see cref="Current"/>, an immutable snapshot, and never wait for a reload.
/// </summary>
public sealed class SigningKeyRing : IDisposable
{
    private readonly ISigningKeyStore store;
    private readonly SigningKeyProtector protector;
    private readonly TokenOptions options;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private volatile SigningKeySet? current;

    private SigningKeyRing(ISigningKeyStore store, SigningKeyProtector protector, TokenOptions options, TimeProvider time)
    {
        this.store = store;
        this.protector = protector;
        this.options = options;
        this.time = time;
    }

    /// <summary>The keys as of the last refresh.</summary>
    public SigningKeySet Current => current ?? throw new InvalidOperationException("the signing key ring is not open");

    /// <summary>
    /// Loads the keys, makes the first one (or rotates) when due, and decrypts the signing key. Throws
    /// <see cref="SigningKeyDecryptionException"/> with a one-line message when the key-encryption key is wrong.
    /// </summary>
    public static async Task<SigningKeyRing> OpenAsync(
        ISigningKeyStore store,
        SigningKeyProtector protector,
        TokenOptions options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var ring = new SigningKeyRing(store, protector, options.Validated(), time);
        try
        {
            await ring.RefreshAsync(cancellationToken);
            return ring;
        }
        catch
        {
            ring.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads the stored keys, adds a new one when none is younger than <c>rotate-after</c>, and publishes a new
    /// snapshot. When several nodes rotate at once the store lets one key win; everyone signs with the newest.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await refreshing.WaitAsync(cancellationToken);
        try
        {
            var keys = await store.LoadAllAsync(cancellationToken);
            var now = time.GetUtcNow();
            var newest = keys.Where(k => k.Algorithm == SigningKeySet.Algorithm).MaxBy(k => k.CreatedAt);
            if (newest is null || now - newest.CreatedAt >= options.Signing.RotateAfter)
            {
                await store.AddUnlessNewerExistsAsync(NewKey(now), now - options.Signing.RotateAfter, cancellationToken);
                keys = await store.LoadAllAsync(cancellationToken);
            }

            current = SigningKeySet.Build(keys, now, options, protector, current);
        }
        finally
        {
            refreshing.Release();
        }
    }

    /// <summary>
    /// Adds a new signing key now, whatever the age of the newest (an operator's <c>keys rotate</c>, e.g. after a key
    /// may have leaked), and publishes it. The old key stays in the JWKS until every token it may have signed has
    /// expired (<see cref="SigningKeySet.Build"/>); other processes sign with the new key from their next reload.
    /// Returns the new key's id.
    /// </summary>
    public async Task<string> RotateNowAsync(CancellationToken cancellationToken)
    {
        await refreshing.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            // Strictly after the newest stored key, even within its millisecond: the newest key is the one that signs.
            var newest = (await store.LoadAllAsync(cancellationToken)).Where(k => k.Algorithm == SigningKeySet.Algorithm).Max(k => (DateTimeOffset?)k.CreatedAt);
            var key = NewKey(newest is { } last && last >= now ? last.AddMilliseconds(1) : now);
            // No key is made a century ahead: the check never stops an operator's rotation.
            await store.AddUnlessNewerExistsAsync(key, now.AddYears(100), cancellationToken);
            current = SigningKeySet.Build(await store.LoadAllAsync(cancellationToken), now, options, protector, current);
            return key.Kid;
        }
        finally
        {
            refreshing.Release();
        }
    }

    /// <summary>
    /// Refreshes every <c>reload-every</c> until cancelled. A failed refresh is logged and the last good keys stay in
    /// use: a database hiccup must not stop token issue.
    /// </summary>
    public async Task RefreshPeriodicallyAsync(ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logger);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Signing.ReloadEvery, time, cancellationToken);
                await RefreshAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The loop outlives any one failure; the next interval tries again.
            catch (Exception error)
#pragma warning restore CA1031
            {
                logger.LogError(error, "reloading the signing keys failed; signing with key {Kid} until the next try", Current.SignerKid);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => refreshing.Dispose();

    private StoredSigningKey NewKey(DateTimeOffset now)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var kid = Base64UrlKid();
        var pkcs8 = ecdsa.ExportPkcs8PrivateKey();
        try
        {
            // Milliseconds, as the store keeps them, so this node's view equals what it reads back.
            var createdAt = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
            return new StoredSigningKey(kid, SigningKeySet.Algorithm, ecdsa.ExportSubjectPublicKeyInfo(), protector.Protect(kid, pkcs8), createdAt);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private static string Base64UrlKid() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));
}
