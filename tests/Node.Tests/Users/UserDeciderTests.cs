using AuthActors.Messages;
using AuthActors.Node.Passwords;
using AuthActors.Node.Users;

namespace AuthActors.Node.Tests.Users;

public sealed class UserDeciderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly LockoutOptions Lockout = new() { MaxFailures = 3, BlockDuration = TimeSpan.FromSeconds(60) };
    private static readonly AccountOptions Account = new();
    private static readonly PasswordCheck Wrong = new(false, false);
    private static readonly PasswordCheck Right = new(true, false);

    private static UserState Registered() => UserState.Empty.Apply(new UserEvent.Registered("alice", "hash", T0));

    private static UserState Run(UserState state, Decision decision) => decision.Events.Aggregate(state, (s, e) => s.Apply(e));

    [Fact]
    public void Third_consecutive_failure_locks_for_block_duration()
    {
        var state = Registered();
        for (var i = 0; i < 2; i++)
        {
            var d = UserDecider.Login(state, "alice", Wrong, null, null, T0, Lockout);
            d.Reply.ShouldBeOfType<Rejected>().Code.ShouldBe(ErrorCode.BadCredentials);
            state = Run(state, d);
        }

        var third = UserDecider.Login(state, "alice", Wrong, null, null, T0, Lockout);
        var rejected = third.Reply.ShouldBeOfType<Rejected>();
        rejected.Code.ShouldBe(ErrorCode.Locked);
        rejected.Message.ShouldBe("your account is blocked for 60 seconds due to multiple login failures");
        third.Events.OfType<UserEvent.Locked>().Single().Until.ShouldBe(T0.AddSeconds(60));
        state = Run(state, third);
        state.IsLockedAt(T0.AddSeconds(59)).ShouldBeTrue();
    }

    [Fact]
    public void Locked_account_refuses_correct_password_without_checking_it()
    {
        var state = Registered().Apply(new UserEvent.Locked(T0, T0.AddSeconds(60)));
        var refused = UserDecider.RefuseAttempt(state, T0.AddSeconds(20), Lockout).ShouldNotBeNull();
        refused.Code.ShouldBe(ErrorCode.Locked);
        refused.RetryAfter.ShouldBe(TimeSpan.FromSeconds(40));
        refused.Message.ShouldContain("40 seconds");
    }

    [Fact]
    public void Lock_ends_after_block_duration_with_a_full_count_again()
    {
        var state = Registered().Apply(new UserEvent.LoginFailed(T0, null)).Apply(new UserEvent.LoginFailed(T0, null))
            .Apply(new UserEvent.LoginFailed(T0, null)).Apply(new UserEvent.Locked(T0, T0.AddSeconds(60)));
        UserDecider.RefuseAttempt(state, T0.AddSeconds(60), Lockout).ShouldBeNull();
        var d = UserDecider.Login(state, "alice", Wrong, null, null, T0.AddSeconds(61), Lockout);
        d.Reply.ShouldBeOfType<Rejected>().Code.ShouldBe(ErrorCode.BadCredentials);
    }

    [Fact]
    public void Success_resets_the_failure_count()
    {
        var state = Registered().Apply(new UserEvent.LoginFailed(T0, null)).Apply(new UserEvent.LoginFailed(T0, null));
        state = Run(state, UserDecider.Login(state, "alice", Right, null, "127.0.0.1", T0, Lockout));
        state.FailedAttempts.ShouldBe(0);
        state.LastLoginFrom.ShouldBe("127.0.0.1");
        UserDecider.Login(state, "alice", Wrong, null, null, T0, Lockout).Reply.ShouldBeOfType<Rejected>().Code.ShouldBe(ErrorCode.BadCredentials);
    }

    [Fact]
    public void Rehash_is_journalled_with_the_successful_login()
    {
        var d = UserDecider.Login(Registered(), "alice", new PasswordCheck(true, true), "new-hash", null, T0, Lockout);
        d.Reply.ShouldBe(new Authenticated("alice"));
        Run(Registered(), d).PasswordHash.ShouldBe("new-hash");
    }

    [Fact]
    public void Unknown_user_gets_the_same_answer_as_a_wrong_password()
    {
        var unknown = UserDecider.RefuseAttempt(UserState.Empty, T0, Lockout).ShouldNotBeNull();
        var wrong = UserDecider.Login(Registered(), "alice", Wrong, null, null, T0, Lockout).Reply.ShouldBeOfType<Rejected>();
        unknown.Code.ShouldBe(wrong.Code);
        unknown.Reasons.ShouldBe(wrong.Reasons);
    }

    [Fact]
    public void Registration_checks_id_then_existence_then_policy()
    {
        UserDecider.RefuseRegistration(UserState.Empty, new Register("bad id", "abc12", PasswordPolicyName.Classic), T0, Account)!.Code.ShouldBe(ErrorCode.InvalidInput);
        UserDecider.RefuseRegistration(Registered(), new Register("alice", "abc12", PasswordPolicyName.Classic), T0, Account)!.Code.ShouldBe(ErrorCode.Conflict);
        UserDecider.RefuseRegistration(UserState.Empty, new Register("bob", "abc", PasswordPolicyName.Classic), T0, Account)!.Reasons.Count.ShouldBe(2);
        UserDecider.RefuseRegistration(UserState.Empty, new Register("bob", "abc12", PasswordPolicyName.Classic), T0, Account).ShouldBeNull();
    }

    [Fact]
    public void Deleted_id_may_register_again()
    {
        var state = Run(Registered(), UserDecider.Delete(Registered(), "alice", Right, false, T0, Lockout));
        state.Exists.ShouldBeFalse();
        UserDecider.RefuseRegistration(state, new Register("alice", "abc12", PasswordPolicyName.Classic), T0, Account).ShouldBeNull();
    }

    [Fact]
    public void Delete_with_a_wrong_password_counts_as_a_failure()
    {
        var d = UserDecider.Delete(Registered(), "alice", Wrong, false, T0, Lockout);
        d.Events.ShouldHaveSingleItem().ShouldBeOfType<UserEvent.LoginFailed>();
        UserDecider.Delete(Registered(), "alice", null, true, T0, Lockout).Reply.ShouldBe(new UserDeleted("alice"));
    }

    [Fact]
    public void Password_change_with_the_wrong_old_password_changes_nothing()
    {
        var d = UserDecider.ChangePassword(Registered(), "alice", Wrong, "", T0, Lockout);
        d.Events.OfType<UserEvent.PasswordChanged>().ShouldBeEmpty();
        UserDecider.ChangePassword(Registered(), "alice", Right, "h2", T0, Lockout).Reply.ShouldBe(new PasswordChanged("alice"));
    }

    [Fact]
    public void A_secret_never_shows_in_a_printed_message() =>
        new Authenticate("alice", "univ42").ToString().ShouldNotContain("univ42");
}
