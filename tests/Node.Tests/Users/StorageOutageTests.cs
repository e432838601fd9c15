using AuthActors.Messages;
using AuthActors.Node.Hosting;
using AuthActors.TestKit;

namespace AuthActors.Node.Tests.Users;

/// <summary>Users on PostgreSQL while the server goes away and comes back: busy meanwhile, nothing acknowledged lost.</summary>
public sealed class StorageOutageTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new();
    private PostgresServer _server = null!;
    private StorageOptions _options = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await PostgresServer.StartPrivateAsync();
        _options = new StorageOptions
        {
            Kind = "postgres",
            Postgres = { ConnectionString = await _server.CreateDatabaseAsync("users") },
        };
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Requests_get_busy_while_postgres_is_down_and_succeed_again_once_it_is_back()
    {
        var storage = await NodeStorage.OpenAsync(_options, Path.GetTempPath(), Ct);
        var (region, users, pool) = UserRegionBuilder.Build(storage.Journal, storage.Snapshots, _clock);
        (await users.AskAsync(new Register("alice", "abc12", PasswordPolicyName.Classic), Ct)).ShouldBe(new Registered("alice"));

        await _server.StopAsync();

        var busy = (await users.AskAsync(new Register("bob", "abc12", PasswordPolicyName.Classic), Ct)).ShouldBeOfType<Rejected>();
        busy.Code.ShouldBe(ErrorCode.Busy);
        busy.Reasons.ShouldBe(["storage unavailable, try again"]);

        await _server.StartAsync();

        IUserReply? reply = null;
        await Eventually.ConditionAsync(
            async () => (reply = await users.AskAsync(new Register("bob", "abc12", PasswordPolicyName.Classic), Ct))
                is not Rejected { Code: ErrorCode.Busy },
            "registering succeeds once PostgreSQL is back");
        reply.ShouldBe(new Registered("bob"));
        (await users.AskAsync(new Authenticate("alice", "abc12"), Ct)).ShouldBe(new Authenticated("alice"));
        await region.DisposeAsync();
        await storage.DisposeAsync();

        // A fresh node on the same database: everything acknowledged before, during and after the outage is there.
        storage = await NodeStorage.OpenAsync(_options, Path.GetTempPath(), Ct);
        (region, users, _) = UserRegionBuilder.Build(storage.Journal, storage.Snapshots, _clock);
        (await users.AskAsync(new Authenticate("alice", "abc12"), Ct)).ShouldBe(new Authenticated("alice"));
        (await users.AskAsync(new Authenticate("bob", "abc12"), Ct)).ShouldBe(new Authenticated("bob"));
        await region.DisposeAsync();
        await storage.DisposeAsync();
        pool.Dispose();
    }
}
