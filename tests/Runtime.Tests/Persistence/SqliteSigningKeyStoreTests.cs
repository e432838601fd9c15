using AuthActors.Runtime.Persistence;
using AuthActors.Runtime.Persistence.Sqlite;

namespace AuthActors.Runtime.Tests.Persistence;

// Each test opens its own database file: the key table is shared by everyone who opens a database.
public sealed class SqliteSigningKeyStoreTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Added_keys_load_back_oldest_first_with_every_field()
    {
        var store = await OpenStoreAsync();
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
        var store = await OpenStoreAsync();
        await store.AddUnlessNewerExistsAsync(Key("first", Start.AddMinutes(1)), DateTimeOffset.MinValue, Ct);

        (await store.AddUnlessNewerExistsAsync(Key("second", Start.AddMinutes(2)), Start, Ct)).ShouldBeFalse();
        (await store.AddUnlessNewerExistsAsync(Key("third", Start.AddMinutes(3)), Start.AddMinutes(1), Ct)).ShouldBeTrue();

        (await store.LoadAllAsync(Ct)).Select(k => k.Kid).ShouldBe(["first", "third"]);
    }

    [Fact]
    public async Task Of_many_stores_adding_at_once_on_one_file_exactly_one_adds()
    {
        var file = NewFileName();
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OpenStoreAsync(file)));

        var added = await Task.WhenAll(stores.Select((store, i) =>
            Task.Run(() => store.AddUnlessNewerExistsAsync(Key($"k{i}", Start), Start.AddSeconds(-1), Ct), Ct)));

        added.Count(a => a).ShouldBe(1);
        (await stores[0].LoadAllAsync(Ct)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_duplicate_kid_is_refused()
    {
        var store = await OpenStoreAsync();
        await store.AddUnlessNewerExistsAsync(Key("same", Start), DateTimeOffset.MinValue, Ct);

        await Should.ThrowAsync<Microsoft.Data.Sqlite.SqliteException>(
            store.AddUnlessNewerExistsAsync(Key("same", Start.AddDays(1)), Start, Ct));
    }

    private static StoredSigningKey Key(string kid, DateTimeOffset createdAt) =>
        new(kid, "ES256", new byte[] { 1, 2, 3 }, new byte[] { 9, 8, 7, (byte)kid[0] }, createdAt);

    private static string NewFileName() => $"keys-{Guid.NewGuid():N}.db";

    private async Task<SqliteSigningKeyStore> OpenStoreAsync(string? file = null) =>
        new(await SqliteDatabase.OpenAsync(fixture.Options(file ?? NewFileName()), Ct));
}
