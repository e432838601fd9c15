namespace AuthActors.Runtime.Persistence;

/// <summary>One token-signing key as stored: the public part in clear, the private part encrypted by the caller.</summary>
/// <param name="Kid">The key id carried in the header of every token it signs; unique.</param>
/// <param name="Algorithm">The JWS algorithm the key signs with, e.g. <c>ES256</c>.</param>
/// <param name="PublicKey">The public key as DER SubjectPublicKeyInfo.</param>
/// <param name="EncryptedPrivateKey">The private key, encrypted; the store never sees it in clear.</param>
/// <param name="CreatedAt">When the key was made; the newest key signs, and a key is superseded by the next one.</param>
public sealed record StoredSigningKey(
    string Kid,
    string Algorithm,
    ReadOnlyMemory<byte> PublicKey,
    ReadOnlyMemory<byte> EncryptedPrivateKey,
    DateTimeOffset CreatedAt);

/// <summary>
/// The signing keys every node shares. Keys are only ever added: when one stops signing is derived from the
/// creation time of the key after it, so nodes need not agree on anything but the rows.
/// </summary>
public interface ISigningKeyStore
{
    /// <summary>Every stored key, oldest first (ties by kid), so all nodes see the same order.</summary>
    Task<IReadOnlyList<StoredSigningKey>> LoadAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds the key unless a key created after <paramref name="noneCreatedAfter"/> is stored already; returns
    /// whether it was added. Lets nodes that start or rotate together mostly agree on one new key; when two are
    /// added anyway (a backend that cannot make the check atomic), both are published and the newest signs.
    /// </summary>
    Task<bool> AddUnlessNewerExistsAsync(StoredSigningKey key, DateTimeOffset noneCreatedAfter, CancellationToken cancellationToken);
}
