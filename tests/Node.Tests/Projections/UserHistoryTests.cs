using AuthActors.Messages;
using AuthActors.Node.Projections;
using AuthActors.Node.Users;

namespace AuthActors.Node.Tests.Projections;

public sealed class UserHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Logins_failures_lock_outs_bans_and_sessions_are_told_with_their_addresses()
    {
        UserHistory.Describe(new UserEvent.LoginFailed(T0, "10.0.0.7")).ShouldBe("failed login from 10.0.0.7");
        UserHistory.Describe(new UserEvent.Locked(T0, T0.AddSeconds(60))).ShouldBe("locked until 2026-01-01 12:01:00 UTC");
        UserHistory.Describe(new UserEvent.Banned("spam", T0)).ShouldBe("banned: spam");
        UserHistory.Describe(new UserEvent.SessionStarted("s1", "digest", SessionClient.Web, T0, "127.0.0.1"))
            .ShouldBe("web session started from 127.0.0.1");
        UserHistory.Describe(new UserEvent.SessionEnded("s1", "revoked", T0)).ShouldBe("session ended: revoked");
    }

    [Fact]
    public void Secrets_and_private_messages_are_never_shown()
    {
        UserHistory.Describe(new UserEvent.PasswordChanged("hash-secret", T0)).ShouldBe("changed the password");
        UserHistory.Describe(new UserEvent.SessionStarted("s1", "digest-secret", SessionClient.Api, T0, null))!.ShouldNotContain("digest");
        UserHistory.Describe(new UserEvent.RefreshRotated("s1", "digest-secret", T0, null)).ShouldBeNull();
        UserHistory.Describe(new UserEvent.PasswordRehashed("hash-secret", T0)).ShouldBeNull();
        UserHistory.Describe(new UserEvent.InboxMessageQueued(1, "bob", "a private word", T0)).ShouldBeNull();
    }
}
