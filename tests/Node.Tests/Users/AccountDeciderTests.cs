using AuthActors.Messages;
using AuthActors.Node.Passwords;
using AuthActors.Node.Users;

namespace AuthActors.Node.Tests.Users;

public sealed class AccountDeciderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly LockoutOptions Lockout = new();
    private static readonly AccountOptions Account = new() { WithdrawalCooldown = TimeSpan.FromDays(7) };
    private static readonly PasswordCheck Right = new(true, false);
    private static readonly PasswordCheck Wrong = new(false, false);

    private static UserState Registered() => UserState.Empty.Apply(new UserEvent.Registered("alice", "hash", T0));

    private static UserState Run(UserState state, Decision decision) => decision.Events.Aggregate(state, (s, e) => s.Apply(e));

    [Fact]
    public void Banned_account_says_protected_only_to_the_right_password_and_counts_no_failures()
    {
        var banned = Run(Registered(), AccountDecider.Ban(Registered(), "alice", "spam", T0));
        banned.Status.ShouldBe(AccountStatus.Banned);

        var right = UserDecider.Login(banned, "alice", Right, null, null, T0, Lockout);
        right.Events.ShouldBeEmpty();
        var refused = right.Reply.ShouldBeOfType<Rejected>();
        refused.Code.ShouldBe(ErrorCode.Forbidden);
        refused.Message.ShouldStartWith("account protected");

        var wrong = UserDecider.Login(banned, "alice", Wrong, null, null, T0, Lockout);
        wrong.Events.ShouldBeEmpty();
        wrong.Reply.ShouldBeOfType<Rejected>().Code.ShouldBe(ErrorCode.BadCredentials);
    }

    [Fact]
    public void Unban_restores_login()
    {
        var banned = Run(Registered(), AccountDecider.Ban(Registered(), "alice", "spam", T0));
        var unbanned = Run(banned, AccountDecider.Unban(banned, "alice", T0));
        UserDecider.Login(unbanned, "alice", Right, null, null, T0, Lockout).Reply.ShouldBe(new Authenticated("alice"));
    }

    [Fact]
    public void Withdrawn_id_cannot_sign_up_again_until_the_cooldown_ends()
    {
        var withdrawn = Run(Registered(), UserDecider.Withdraw(Registered(), "alice", Right, T0, Lockout, Account));
        withdrawn.Status.ShouldBe(AccountStatus.Withdrawn);
        var register = new Register("alice", "correct horse", PasswordPolicyName.Nist);

        var early = UserDecider.RefuseRegistration(withdrawn, register, T0.AddDays(6), Account).ShouldNotBeNull();
        early.Code.ShouldBe(ErrorCode.Conflict);
        early.Message.ShouldContain("2026-01-08 12:00:00Z");
        UserDecider.RefuseRegistration(withdrawn, register, T0.AddDays(7), Account).ShouldBeNull();
    }

    [Fact]
    public void Withdraw_with_a_wrong_password_counts_as_a_failure()
    {
        var decision = UserDecider.Withdraw(Registered(), "alice", Wrong, T0, Lockout, Account);
        decision.Events.ShouldHaveSingleItem().ShouldBeOfType<UserEvent.LoginFailed>();
    }

    [Fact]
    public void Banned_user_cannot_escape_by_deleting_the_account()
    {
        var banned = Run(Registered(), AccountDecider.Ban(Registered(), "alice", "spam", T0));
        var decision = UserDecider.Delete(banned, "alice", Right, false, T0, Lockout);
        decision.Events.ShouldBeEmpty();
        decision.Reply.ShouldBeOfType<Rejected>().Code.ShouldBe(ErrorCode.Forbidden);
        UserDecider.Delete(banned, "alice", null, true, T0, Lockout).Reply.ShouldBe(new UserDeleted("alice"));
    }

    [Fact]
    public void Unlock_clears_a_lock_out()
    {
        var locked = Registered().Apply(new UserEvent.LoginFailed(T0, null)).Apply(new UserEvent.Locked(T0, T0.AddMinutes(1)));
        var unlocked = Run(locked, AccountDecider.Unlock(locked, "alice", T0));
        unlocked.IsLockedAt(T0).ShouldBeFalse();
        AccountDecider.Unlock(unlocked, "alice", T0).Events.ShouldBeEmpty();
    }

    [Fact]
    public void First_admin_is_created_once_and_an_existing_user_is_never_promoted()
    {
        AccountDecider.AdminAlreadySettled(UserState.Empty, "root", T0, Account).ShouldBeNull();
        var admin = Run(UserState.Empty, AccountDecider.CreateAdmin("root", "hash", T0));
        admin.Roles.ShouldBe([AccountDecider.AdminRole]);
        AccountDecider.AdminAlreadySettled(admin, "root", T0, Account).ShouldBe(new AccountChanged("root", AccountStatus.Active));
        AccountDecider.AdminAlreadySettled(Registered(), "alice", T0, Account).ShouldBeOfType<Rejected>().Code.ShouldBe(ErrorCode.Conflict);
    }

    [Fact]
    public void Profile_of_an_unknown_user_is_not_found()
    {
        AccountDecider.Profile(UserState.Empty, "nobody", T0, new SessionOptions()).ShouldBeOfType<Rejected>().Code.ShouldBe(ErrorCode.NotFound);
    }
}
