using System.Security.Cryptography;
using AuthActors.Messages;
using AuthActors.Node.Users;

namespace AuthActors.Node.Tests.Users;

public sealed class SessionDeciderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SessionOptions Options = new() { IdleLifetime = TimeSpan.FromDays(1), AbsoluteLifetime = TimeSpan.FromDays(3), MaxSessions = 2 };
    private static readonly RandomNumberGenerator Random = RandomNumberGenerator.Create();

    private static UserState Registered() => UserState.Empty.Apply(new UserEvent.Registered("alice", "hash", T0));

    private static UserState Run(UserState state, Decision decision) => decision.Events.Aggregate(state, (s, e) => s.Apply(e));

    private static NewRefreshToken Fresh(string? sessionId = null)
    {
        var id = sessionId ?? RefreshTokenFormat.NewSessionId(Random);
        var (token, digest) = RefreshTokenFormat.Create("alice", id, Random);
        return new NewRefreshToken(id, token, digest);
    }

    private static readonly byte[] SuccessorKey = UserServices.DeriveRefreshSuccessorKey(new byte[32]);

    // What the shell hands the rules on a refresh: the presented token's deterministic successor.
    private static NewRefreshToken Successor(NewRefreshToken presented)
    {
        var (token, digest) = RefreshTokenFormat.Successor("alice", presented.SessionId, presented.Token.Value, SuccessorKey);
        return new NewRefreshToken(presented.SessionId, token, digest);
    }

    private static readonly Decision LoggedIn = new([new UserEvent.LoginSucceeded(T0, null)], new Authenticated("alice"));

    private static (UserState State, NewRefreshToken Token) Open(UserState state, DateTimeOffset at)
    {
        var fresh = Fresh();
        var decision = SessionDecider.Open(state, LoggedIn, fresh, SessionClient.Api, "127.0.0.1", at, Options);
        return (Run(state, decision), fresh);
    }

    [Fact]
    public void Failed_login_opens_no_session()
    {
        var failed = Decision.Only(new Rejected(ErrorCode.BadCredentials, UserDecider.WrongCredentials));
        SessionDecider.Open(Registered(), failed, Fresh(), SessionClient.Api, null, T0, Options).ShouldBeSameAs(failed);
    }

    [Fact]
    public void Refresh_with_the_current_token_rotates_it()
    {
        var (state, first) = Open(Registered(), T0);
        var next = Fresh(first.SessionId);
        var decision = SessionDecider.Refresh(state, first.Digest, next, null, T0.AddHours(1), Options);
        decision.Events.ShouldHaveSingleItem().ShouldBeOfType<UserEvent.RefreshRotated>().RefreshDigest.ShouldBe(next.Digest);
        state = Run(state, decision);
        state.FindSession(first.SessionId)!.RefreshDigest.ShouldBe(next.Digest);
        state.FindSession(first.SessionId)!.LastUsedAt.ShouldBe(T0.AddHours(1));
    }

    [Fact]
    public void Reusing_a_rotated_token_ends_the_whole_family_and_only_that_family()
    {
        var (state, first) = Open(Registered(), T0);
        var (withTwo, other) = Open(state, T0);
        var second = Successor(first);
        state = Run(withTwo, SessionDecider.Refresh(withTwo, first.Digest, second, null, T0, Options));

        var replay = SessionDecider.Refresh(state, first.Digest, Successor(first), "10.0.0.9", T0 + Options.ReuseGrace + TimeSpan.FromSeconds(1), Options);
        replay.Reply.ShouldBeOfType<Rejected>().Code.ShouldBe(ErrorCode.BadCredentials);
        replay.Events.OfType<UserEvent.RefreshReuseDetected>().ShouldHaveSingleItem().From.ShouldBe("10.0.0.9");
        state = Run(state, replay);
        state.FindSession(first.SessionId).ShouldBeNull();
        state.FindSession(other.SessionId).ShouldNotBeNull();

        // The legitimate holder's newer token is dead too: the family is gone.
        SessionDecider.Refresh(state, second.Digest, Fresh(first.SessionId), null, T0, Options).Reply.ShouldBeOfType<Rejected>();
    }

    [Fact]
    public void A_random_wrong_token_for_a_live_session_is_invalid_but_revokes_nothing()
    {
        var (state, first) = Open(Registered(), T0);
        var decision = SessionDecider.Refresh(state, Fresh(first.SessionId).Digest, Fresh(first.SessionId), null, T0, Options);
        decision.Events.ShouldBeEmpty();
        decision.Reply.ShouldBeOfType<Rejected>().Message.ShouldBe(SessionDecider.InvalidRefreshToken);
    }

    [Fact]
    public void Idle_session_expires_and_absolute_lifetime_caps_even_an_active_one()
    {
        var (state, first) = Open(Registered(), T0);
        var late = SessionDecider.Refresh(state, first.Digest, Fresh(first.SessionId), null, T0.AddDays(1).AddSeconds(1), Options);
        late.Reply.ShouldBeOfType<Rejected>().Message.ShouldBe("refresh token expired");
        late.Events.ShouldHaveSingleItem().ShouldBeOfType<UserEvent.SessionEnded>().Reason.ShouldBe("expired");

        var token = first;
        for (var hours = 20; hours <= 80; hours += 20)
        {
            var next = Fresh(first.SessionId);
            var decision = SessionDecider.Refresh(state, token.Digest, next, null, T0.AddHours(hours), Options);
            if (hours < 72)
            {
                decision.Reply.ShouldBeOfType<SessionGranted>().RefreshTokenExpiresAt.ShouldBeLessThanOrEqualTo(T0.AddDays(3));
            }
            else
            {
                decision.Reply.ShouldBeOfType<Rejected>().Message.ShouldBe("refresh token expired");
            }

            state = Run(state, decision);
            token = next;
        }
    }

    [Fact]
    public void Opening_past_the_limit_ends_the_oldest_session_even_when_it_was_used_last()
    {
        var (state, oldest) = Open(Registered(), T0);
        (state, var newer) = Open(state, T0.AddMinutes(1));
        state = Run(state, SessionDecider.Refresh(state, oldest.Digest, Successor(oldest), null, T0.AddMinutes(2), Options));
        (state, var newest) = Open(state, T0.AddMinutes(3));
        state.Sessions.Select(s => s.SessionId).ShouldBe([newer.SessionId, newest.SessionId]);
        state.FindSession(oldest.SessionId).ShouldBeNull();
    }

    [Fact]
    public void With_the_refuse_policy_a_login_past_the_limit_is_refused_but_still_counts_as_a_login()
    {
        var refuse = new SessionOptions { MaxSessions = 2, LimitPolicy = SessionLimitPolicy.Refuse };
        var state = Registered();
        foreach (var minute in new[] { 0, 1 })
        {
            state = Run(state, SessionDecider.Open(state, LoggedIn, Fresh(), SessionClient.Api, null, T0.AddMinutes(minute), refuse));
        }

        var third = SessionDecider.Open(state, LoggedIn, Fresh(), SessionClient.Api, null, T0.AddMinutes(2), refuse);
        third.Reply.ShouldBeOfType<Rejected>().Message.ShouldBe(SessionDecider.SessionLimitReached);
        third.Events.ShouldHaveSingleItem().ShouldBeOfType<UserEvent.LoginSucceeded>();
        Run(state, third).Sessions.Count.ShouldBe(2);
    }

    [Fact]
    public void The_limit_policy_is_configured_by_name()
    {
        new SessionOptions { LimitPolicyName = "refuse" }.LimitPolicy.ShouldBe(SessionLimitPolicy.Refuse);
        new SessionOptions { LimitPolicyName = "evict-oldest" }.LimitPolicy.ShouldBe(SessionLimitPolicy.EvictOldest);
        Should.Throw<InvalidOperationException>(() => new SessionOptions { LimitPolicyName = "oldest" });
    }

    [Fact]
    public void A_retry_within_the_grace_gets_the_same_successor_and_journals_nothing()
    {
        var (state, first) = Open(Registered(), T0);
        var rotated = SessionDecider.Refresh(state, first.Digest, Successor(first), null, T0.AddSeconds(1), Options);
        var granted = rotated.Reply.ShouldBeOfType<SessionGranted>();
        state = Run(state, rotated);

        var retry = SessionDecider.Refresh(state, first.Digest, Successor(first), null, T0.AddSeconds(1) + Options.ReuseGrace, Options);
        retry.Events.ShouldBeEmpty();
        var again = retry.Reply.ShouldBeOfType<SessionGranted>();
        again.RefreshToken.Value.ShouldBe(granted.RefreshToken.Value);
        again.RefreshTokenExpiresAt.ShouldBe(granted.RefreshTokenExpiresAt);
    }

    [Fact]
    public void A_retry_after_the_grace_is_reuse()
    {
        var (state, first) = Open(Registered(), T0);
        state = Run(state, SessionDecider.Refresh(state, first.Digest, Successor(first), null, T0, Options));
        var late = SessionDecider.Refresh(state, first.Digest, Successor(first), null, T0 + Options.ReuseGrace + TimeSpan.FromTicks(1), Options);
        late.Events.OfType<UserEvent.RefreshReuseDetected>().ShouldHaveSingleItem();
        Run(state, late).FindSession(first.SessionId).ShouldBeNull();
    }

    [Fact]
    public void A_retry_within_the_grace_after_the_chain_moved_on_is_reuse()
    {
        var (state, first) = Open(Registered(), T0);
        var second = Successor(first);
        state = Run(state, SessionDecider.Refresh(state, first.Digest, second, null, T0, Options));
        state = Run(state, SessionDecider.Refresh(state, second.Digest, Successor(second), null, T0, Options));

        // Both the token before last and the one replaced last but with a chain that moved past its successor.
        SessionDecider.Refresh(state, first.Digest, Successor(first), null, T0, Options).Events.OfType<UserEvent.RefreshReuseDetected>().ShouldHaveSingleItem();
    }

    [Fact]
    public void Without_a_grace_every_second_presentation_is_reuse()
    {
        var strict = new SessionOptions { ReuseGrace = TimeSpan.Zero };
        var state = Registered();
        var first = Fresh();
        state = Run(state, SessionDecider.Open(state, LoggedIn, first, SessionClient.Api, null, T0, strict));
        state = Run(state, SessionDecider.Refresh(state, first.Digest, Successor(first), null, T0, strict));
        SessionDecider.Refresh(state, first.Digest, Successor(first), null, T0.AddTicks(1), strict)
            .Events.OfType<UserEvent.RefreshReuseDetected>().ShouldHaveSingleItem();
    }

    [Fact]
    public void Successors_are_deterministic_per_token_and_key_and_shaped_like_tokens()
    {
        var first = Fresh();
        Successor(first).Token.Value.ShouldBe(Successor(first).Token.Value);
        Successor(first).Token.Value.ShouldNotBe(Successor(Fresh(first.SessionId)).Token.Value);
        var (other, _) = RefreshTokenFormat.Successor("alice", first.SessionId, first.Token.Value, UserServices.DeriveRefreshSuccessorKey(new byte[] { 1 }));
        other.Value.ShouldNotBe(Successor(first).Token.Value);
        RefreshTokenFormat.TryRead(Successor(first).Token.Value, out var user, out var session).ShouldBeTrue();
        (user, session).ShouldBe(("alice", first.SessionId));
    }

    [Fact]
    public void Banned_or_withdrawn_accounts_cannot_refresh()
    {
        var (state, first) = Open(Registered(), T0);
        var banned = state.Apply(new UserEvent.Banned("spam", T0));
        SessionDecider.Refresh(banned, first.Digest, Fresh(first.SessionId), null, T0, Options).Reply.ShouldBeOfType<Rejected>();
        SessionDecider.CheckRefreshToken(banned, first.SessionId, first.Digest, T0, Options).Active.ShouldBeFalse();
    }

    [Fact]
    public void Revoked_access_token_is_inactive_while_its_session_goes_on()
    {
        var (state, first) = Open(Registered(), T0);
        var command = new RevokeAccessToken("alice", first.SessionId, "jti-1", T0.AddMinutes(10), RevokeScope.Token);
        state = Run(state, SessionDecider.RevokeByAccessToken(state, command, T0));
        SessionDecider.CheckAccessToken(state, first.SessionId, "jti-1", T0, Options).Active.ShouldBeFalse();
        SessionDecider.CheckAccessToken(state, first.SessionId, "jti-2", T0, Options).Active.ShouldBeTrue();
        SessionDecider.CheckRefreshToken(state, first.SessionId, first.Digest, T0, Options).Active.ShouldBeTrue();
    }

    [Fact]
    public void Revoke_by_refresh_token_scopes()
    {
        var (state, first) = Open(Registered(), T0);
        (state, var second) = Open(state, T0);

        var unknown = SessionDecider.RevokeByRefreshToken(state, "alice", first.SessionId, Fresh().Digest, RevokeScope.All, T0);
        unknown.Events.ShouldBeEmpty();
        unknown.Reply.ShouldBe(new Revoked("alice", 0, false));

        var one = SessionDecider.RevokeByRefreshToken(state, "alice", first.SessionId, first.Digest, RevokeScope.Family, T0);
        Run(state, one).Sessions.ShouldHaveSingleItem().SessionId.ShouldBe(second.SessionId);

        var all = SessionDecider.RevokeByRefreshToken(state, "alice", first.SessionId, first.Digest, RevokeScope.All, T0);
        all.Reply.ShouldBe(new Revoked("alice", 2, false));
        Run(state, all).Sessions.ShouldBeEmpty();
    }

    [Fact]
    public void Password_change_ends_every_session()
    {
        var (state, _) = Open(Registered(), T0);
        var change = UserDecider.ChangePassword(state, "alice", new(true, false), "new-hash", T0, new LockoutOptions());
        Run(state, change).Sessions.ShouldBeEmpty();
    }

    [Fact]
    public void Rotated_digest_memory_is_bounded()
    {
        var (state, token) = Open(Registered(), T0);
        for (var i = 0; i < 20; i++)
        {
            var next = Fresh(token.SessionId);
            state = Run(state, SessionDecider.Refresh(state, token.Digest, next, null, T0, Options));
            token = next;
        }

        state.FindSession(token.SessionId)!.RotatedDigests.Count.ShouldBe(UserState.RotatedDigestMemory);
    }
}
