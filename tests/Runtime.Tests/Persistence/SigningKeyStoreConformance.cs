using System.Data.Common;
using AuthActors.Runtime.Persistence;

namespace AuthActors.Runtime.Tests.Persistence;

/// <summary>What every <see cref="ISigningKeyStore"/> must do, run unchanged against each backend; each test on a database of its own.</summary>
public abstract class SigningKeyStoreConformance<TStorage>(TStorage storage) : IClassFixture<TStorage>
    where TStorage : class, IStorageUnderTest
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Added_keys_load_back_oldest_first_with_every_field()
    {
        var store = (await storage.OpenSigningKeyStoresOnNewDatabaseAsync(1))[0];
        (await store.AddUnlessNewerExistsAsync(Key("b", Start.AddDays(1)), Start.AddDays(1), Ct)).ShouldBeTrue();
        (await store.AddUnlessNewerExistsAsync(Key("a", Start), Start.AddDays(1), Ct)).ShouldBeTrue();

        var keys = await store.LoadAllAsync(Ct);

        keys.Select(k => k.Kid).ShouldBe(["a", "b"]);
        keys[0].Algorithm.ShouldBe("ES256");
        keys[0].PublicKey.ToArray().ShouldBe(new byte[] { 1, 2, 3 });
        keys[0].EncryptedPrivateKey.ToArray().ShouldBe(new byte[] { 9, 8, 7, (byte)'a' });
        keys[0].CreatedAt.ShouldBe(Start);
    }

    [Fact]
    public async Task A_key_is_not_added_when_a_newer_one_exists()
    {
        var store = (await storage.OpenSigningKeyStoresOnNewDatabaseAsync(1))[0];
        await store.AddUnlessNewerExistsAsync(Key("first", Start.AddMinutes(1)), DateTimeOffset.UnixEpoch, Ct);

        (await store.AddUnlessNewerExistsAsync(Key("second", Start.AddMinutes(2)), Start, Ct)).ShouldBeFalse();
        (await store.AddUnlessNewerExistsAsync(Key("third", Start.AddMinutes(3)), Start.AddMinutes(1), Ct)).ShouldBeTrue();

        (await store.LoadAllAsync(Ct)).Select(k => k.Kid).ShouldBe(["first", "third"]);
    }

    [Fact]
    public async Task Of_many_nodes_adding_at_once_exactly_one_adds()
    {
        var stores = await storage.OpenSigningKeyStoresOnNewDatabaseAsync(4);

        var added = await Task.WhenAll(stores.Select((store, i) =>
            Task.Run(() => store.AddUnlessNewerExistsAsync(Key($"k{i}", Start), Start.AddSeconds(-1), Ct), Ct)));

        added.Count(a => a).ShouldBe(1);
        (await stores[0].LoadAllAsync(Ct)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_duplicate_kid_is_refused()
    {
        var store = (await storage.OpenSigningKeyStoresOnNewDatabaseAsync(1))[0];
        await store.AddUnlessNewerExistsAsync(Key("same", Start), DateTimeOffset.UnixEpoch, Ct);

        await Should.ThrowAsync<DbException>(store.AddUnlessNewerExistsAsync(Key("same", Start.AddDays(1)), Start, Ct));
    }

    private static StoredSigningKey Key(string kid, DateTimeOffset createdAt) =>
        new(kid, "ES256", new byte[] { 1, 2, 3 }, new byte[] { 9, 8, 7, (byte)kid[0] }, createdAt);
}

/// <summary>The signing-key store conformance suite on SQLite.</summary>
public sealed class SqliteSigningKeyStoreConformance(SqliteStorage storage) : SigningKeyStoreConformance<SqliteStorage>(storage);

/// <summary>The signing-key store conformance suite on PostgreSQL.</summary>
public sealed class PostgresSigningKeyStoreConformance(PostgresStorage storage) : SigningKeyStoreConformance<PostgresStorage>(storage);
