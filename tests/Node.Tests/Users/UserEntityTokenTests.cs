using AuthActors.Messages;
using AuthActors.Node.Users;
using AuthActors.Runtime.Persistence.Sqlite;
using AuthActors.TestKit;

namespace AuthActors.Node.Tests.Users;

public sealed class UserEntityTokenTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly ManualTimeProvider _clock = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    private async Task<Running> StartAsync()
    {
        var database = await SqliteDatabase.OpenAsync(new SqliteStorageOptions { DatabasePath = _directory.File("users.db") }, Ct);
        var journal = new SqliteJournal(database);
        var (region, users, pool) = UserRegionBuilder.Build(journal, new SqliteSnapshotStore(database), _clock);
        return new Running(users, async () =>
        {
            await region.DisposeAsync();
            await journal.DisposeAsync();
            pool.Dispose();
        });
    }

    private sealed record Running(UserDirectory Users, Func<Task> StopAsync);

    [Fact]
    public async Task Tokens_rotate_a_retry_within_the_grace_gets_the_same_successor_and_a_later_replay_revokes_the_family_even_after_a_restart()
    {
        var node = await StartAsync();
        await node.Users.AskAsync(new Register("alice", "correct horse", PasswordPolicyName.Nist), Ct);
        var first = (await node.Users.AskAsync(new IssueTokens("alice", "correct horse", SessionClient.Api), Ct)).ShouldBeOfType<TokensIssued>();
        first.AccessToken.ShouldBe($"at:alice:{first.SessionId}:");
        var second = (await node.Users.AskAsync(new RefreshTokens("alice", first.RefreshToken), Ct)).ShouldBeOfType<TokensIssued>();
        second.SessionId.ShouldBe(first.SessionId);
        second.RefreshToken.Value.ShouldNotBe(first.RefreshToken.Value);
        await node.StopAsync();

        // Within the grace the replaced token gets its successor again, also from the recovered entity; past it,
        // it is reuse.
        node = await StartAsync();
        var retry = (await node.Users.AskAsync(new RefreshTokens("alice", first.RefreshToken), Ct)).ShouldBeOfType<TokensIssued>();
        retry.RefreshToken.Value.ShouldBe(second.RefreshToken.Value);
        await node.StopAsync();

        _clock.Advance(new SessionOptions().ReuseGrace + TimeSpan.FromSeconds(1));
        node = await StartAsync();
        var replay = (await node.Users.AskAsync(new RefreshTokens("alice", first.RefreshToken), Ct)).ShouldBeOfType<Rejected>();
        replay.Code.ShouldBe(ErrorCode.BadCredentials);
        (await node.Users.AskAsync(new RefreshTokens("alice", second.RefreshToken), Ct)).ShouldBeOfType<Rejected>();
        (await node.Users.AskAsync(new ListSessions("alice"), Ct)).ShouldBeOfType<SessionList>().Sessions.ShouldBeEmpty();
        await node.StopAsync();
    }

    [Fact]
    public async Task Unknown_user_and_wrong_password_get_the_same_answer_from_the_token_command()
    {
        var node = await StartAsync();
        await node.Users.AskAsync(new Register("bob", "correct horse", PasswordPolicyName.Nist), Ct);
        var wrong = (await node.Users.AskAsync(new IssueTokens("bob", "not it at all", SessionClient.Api), Ct)).ShouldBeOfType<Rejected>();
        var unknown = (await node.Users.AskAsync(new IssueTokens("nobody", "not it at all", SessionClient.Api), Ct)).ShouldBeOfType<Rejected>();
        unknown.Code.ShouldBe(wrong.Code);
        unknown.Reasons.ShouldBe(wrong.Reasons);
        await node.StopAsync();
    }

    [Fact]
    public async Task Ban_ends_sessions_and_refuses_login_with_forbidden_until_unbanned()
    {
        var node = await StartAsync();
        await node.Users.AskAsync(new Register("carol", "correct horse", PasswordPolicyName.Nist), Ct);
        var tokens = (await node.Users.AskAsync(new IssueTokens("carol", "correct horse", SessionClient.Web), Ct)).ShouldBeOfType<TokensIssued>();
        (await node.Users.AskAsync(new Ban("carol", "abuse"), Ct)).ShouldBe(new AccountChanged("carol", AccountStatus.Banned));
        (await node.Users.AskAsync(new CheckRefreshToken("carol", tokens.RefreshToken), Ct)).ShouldBe(TokenStatus.Inactive);
        (await node.Users.AskAsync(new IssueTokens("carol", "correct horse", SessionClient.Api), Ct)).ShouldBeOfType<Rejected>().Code.ShouldBe(ErrorCode.Forbidden);
        await node.Users.AskAsync(new Unban("carol"), Ct);
        (await node.Users.AskAsync(new IssueTokens("carol", "correct horse", SessionClient.Api), Ct)).ShouldBeOfType<TokensIssued>();
        await node.StopAsync();
    }

    [Fact]
    public async Task Withdrawn_account_keeps_its_id_for_the_cooldown_across_a_restart()
    {
        var node = await StartAsync();
        await node.Users.AskAsync(new Register("dave", "correct horse", PasswordPolicyName.Nist, "dave@example.org", "Dave"), Ct);
        (await node.Users.AskAsync(new Withdraw("dave", "correct horse"), Ct)).ShouldBeOfType<Withdrawn>().FreeAgainAt.ShouldBe(_clock.GetUtcNow().AddDays(7));
        await node.StopAsync();

        node = await StartAsync();
        (await node.Users.AskAsync(new Register("dave", "another horse", PasswordPolicyName.Nist), Ct)).ShouldBeOfType<Rejected>().Code.ShouldBe(ErrorCode.Conflict);
        (await node.Users.AskAsync(new IssueTokens("dave", "correct horse", SessionClient.Api), Ct)).ShouldBeOfType<Rejected>().Code.ShouldBe(ErrorCode.Forbidden);
        _clock.Advance(TimeSpan.FromDays(7));
        (await node.Users.AskAsync(new Register("dave", "another horse", PasswordPolicyName.Nist), Ct)).ShouldBe(new Registered("dave"));
        var profile = (await node.Users.AskAsync(new GetProfile("dave"), Ct)).ShouldBeOfType<UserProfile>();
        profile.Email.ShouldBeNull();
        profile.Status.ShouldBe(AccountStatus.Active);
        await node.StopAsync();
    }

    [Fact]
    public async Task Profile_shows_what_sign_up_gave_and_the_last_login()
    {
        var node = await StartAsync();
        await node.Users.AskAsync(new Register("erin", "correct horse", PasswordPolicyName.Nist, "erin@example.org", "Erin E"), Ct);
        await node.Users.AskAsync(new IssueTokens("erin", "correct horse", SessionClient.Api, "192.0.2.7"), Ct);
        var profile = (await node.Users.AskAsync(new GetProfile("erin"), Ct)).ShouldBeOfType<UserProfile>();
        profile.Email.ShouldBe("erin@example.org");
        profile.DisplayName.ShouldBe("Erin E");
        profile.LastLoginFrom.ShouldBe("192.0.2.7");
        profile.ActiveSessions.ShouldBe(1);
        await node.StopAsync();
    }
}
