using System.Security.Cryptography;
using AuthActors.Messages;
using AuthActors.Node.Passwords;
using AuthActors.Node.Users;

namespace AuthActors.Node.Tests.Users;

/// <summary>The lock-out rules of both modes, the ceiling and growing lock-outs, as pure functions.</summary>
public sealed class LockoutModeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly LockoutOptions Lockout = new() { MaxFailures = 3, DeviceMaxFailures = 5, BlockDuration = TimeSpan.FromSeconds(60), Ceiling = 100 };
    private static readonly PasswordCheck Wrong = new(false, false);
    private static readonly PasswordCheck Right = new(true, false);
    private static readonly LoginAttempt Laptop = LoginAttempt.Device("laptop");

    private static UserState Registered() => UserState.Empty.Apply(new UserEvent.Registered("alice", "hash", T0));

    private static UserState Run(UserState state, Decision decision) => decision.Events.Aggregate(state, (s, e) => s.Apply(e));

    // One attempt as the entity runs it: the gate, then the check.
    private static (UserState State, IUserReply Reply) Attempt(UserState state, LoginAttempt attempt, PasswordCheck check, DateTimeOffset at, LockoutOptions? options = null)
    {
        options ??= Lockout;
        if (UserDecider.RefuseAttempt(state, at, options, attempt) is { } refused)
        {
            return (state, refused);
        }

        var decision = UserDecider.Login(state, "alice", check, null, null, at, options, attempt);
        return (Run(state, decision), decision.Reply);
    }

    [Fact]
    public void Untrusted_failures_lock_untrusted_clients_only_and_the_trusted_device_still_logs_in()
    {
        var state = Registered();
        IUserReply reply = null!;
        for (var i = 0; i < 3; i++)
        {
            (state, reply) = Attempt(state, LoginAttempt.Untrusted, Wrong, T0);
        }

        reply.ShouldBeOfType<Rejected>().Code.ShouldBe(ErrorCode.Locked);
        Attempt(state, LoginAttempt.Untrusted, Right, T0.AddSeconds(1)).Reply.ShouldBeOfType<Rejected>().Message.ShouldContain("59 seconds");
        Attempt(state, Laptop, Right, T0.AddSeconds(1)).Reply.ShouldBe(new Authenticated("alice"));

        // Account mode (the TCP dialog) is a budget of its own: untrusted HTTP guessing does not lock it.
        Attempt(state, LoginAttempt.Account, Right, T0.AddSeconds(1)).Reply.ShouldBe(new Authenticated("alice"));
    }

    [Fact]
    public void Each_trusted_device_has_its_own_budget()
    {
        var state = Registered();
        IUserReply reply = null!;
        for (var i = 0; i < 5; i++)
        {
            (state, reply) = Attempt(state, Laptop, Wrong, T0);
            (i < 4 ? ErrorCode.BadCredentials : ErrorCode.Locked).ShouldBe(reply.ShouldBeOfType<Rejected>().Code);
        }

        Attempt(state, Laptop, Right, T0).Reply.ShouldBeOfType<Rejected>().Code.ShouldBe(ErrorCode.Locked);
        Attempt(state, LoginAttempt.Device("phone"), Right, T0).Reply.ShouldBe(new Authenticated("alice"));
        Attempt(state, LoginAttempt.Untrusted, Right, T0).Reply.ShouldBe(new Authenticated("alice"));
    }

    [Fact]
    public void After_the_ceiling_only_a_trusted_device_or_an_admin_unlock_lets_anyone_in()
    {
        var state = Registered();
        IUserReply reply = null!;
        var at = T0;
        var failures = 0;

        // An attacker spreads guesses over time and over the account and untrusted budgets, waiting out each lock-out.
        while (failures < 100)
        {
            var attempt = failures % 2 == 0 ? LoginAttempt.Untrusted : LoginAttempt.Account;
            (state, reply) = Attempt(state, attempt, Wrong, at);
            if (reply is Rejected { Code: ErrorCode.BadCredentials } || state.ConsecutiveFailures > failures)
            {
                failures = state.ConsecutiveFailures;
            }

            at = at.AddMinutes(2);
        }

        reply.ShouldBeOfType<Rejected>().Message.ShouldBe(UserDecider.CeilingReached);
        foreach (var way in new[] { LoginAttempt.Account, LoginAttempt.Untrusted })
        {
            Attempt(state, way, Right, at.AddHours(5)).Reply.ShouldBeOfType<Rejected>().Message.ShouldBe(UserDecider.CeilingReached);
        }

        var (afterTrusted, trusted) = Attempt(state, Laptop, Right, at);
        trusted.ShouldBe(new Authenticated("alice"));
        Attempt(afterTrusted, LoginAttempt.Account, Right, at).Reply.ShouldBe(new Authenticated("alice"));

        var unlocked = state.Apply(new UserEvent.Unlocked(at));
        Attempt(unlocked, LoginAttempt.Untrusted, Right, at).Reply.ShouldBe(new Authenticated("alice"));
    }

    [Fact]
    public void Repeated_lock_outs_grow_up_to_the_maximum_and_a_success_starts_again()
    {
        var growing = new LockoutOptions { MaxFailures = 1, BlockDuration = TimeSpan.FromSeconds(10), GrowthFactor = 3, MaxBlockDuration = TimeSpan.FromMinutes(2) };
        var state = Registered();
        var at = T0;
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            (state, _) = Attempt(state, LoginAttempt.Untrusted, Wrong, at, growing);
            waits.Add(state.Untrusted.LockedUntil!.Value - at);
            at = state.Untrusted.LockedUntil!.Value;
        }

        waits.ShouldBe([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(2)]);
        (state, _) = Attempt(state, LoginAttempt.Untrusted, Right, at, growing);
        (state, _) = Attempt(state, LoginAttempt.Untrusted, Wrong, at, growing);
        (state.Untrusted.LockedUntil!.Value - at).ShouldBe(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Device_budgets_are_bounded_and_forgotten_after_a_success()
    {
        var state = Registered();
        for (var i = 0; i < LockoutPools.MaxDevices + 10; i++)
        {
            (state, _) = Attempt(state, LoginAttempt.Device($"d{i}"), Wrong, T0);
        }

        state.Devices.Count.ShouldBe(LockoutPools.MaxDevices);
        state.Devices[^1].DeviceId.ShouldBe($"d{LockoutPools.MaxDevices + 9}");
        (state, _) = Attempt(state, LoginAttempt.Device($"d{LockoutPools.MaxDevices + 9}"), Right, T0);
        state.Devices.Count.ShouldBe(LockoutPools.MaxDevices - 1);
    }

    [Fact]
    public void Device_tokens_bind_a_device_to_one_user_under_one_key()
    {
        var key = UserServices.DeriveDeviceTokenKey(new byte[32]);
        var id = DeviceTokenFormat.NewDeviceId(RandomNumberGenerator.Create());
        var token = DeviceTokenFormat.Create("alice", id, key).Value;
        DeviceTokenFormat.DeviceOf(token, "alice", key).ShouldBe(id);
        DeviceTokenFormat.DeviceOf(token, "bob", key).ShouldBeNull();
        DeviceTokenFormat.DeviceOf(token, "alice", UserServices.DeriveDeviceTokenKey(new byte[] { 1 })).ShouldBeNull();
        DeviceTokenFormat.DeviceOf(token[..^2] + "AA", "alice", key).ShouldBeNull();
        DeviceTokenFormat.DeviceOf("dv1.x", "alice", key).ShouldBeNull();
        DeviceTokenFormat.DeviceOf(null, "alice", key).ShouldBeNull();
        DeviceTokenFormat.DeviceOf(new string('a', 500), "alice", key).ShouldBeNull();
    }

    [Fact]
    public void A_growing_lock_out_never_exceeds_its_maximum_even_after_many()
    {
        var options = new LockoutOptions { BlockDuration = TimeSpan.FromMinutes(1), GrowthFactor = 2, MaxBlockDuration = TimeSpan.FromHours(1) };
        options.BlockFor(0).ShouldBe(TimeSpan.FromMinutes(1));
        options.BlockFor(3).ShouldBe(TimeSpan.FromMinutes(8));
        options.BlockFor(1000).ShouldBe(TimeSpan.FromHours(1));
        new LockoutOptions { BlockDuration = TimeSpan.FromMinutes(1) }.BlockFor(50).ShouldBe(TimeSpan.FromMinutes(1));
    }
}
