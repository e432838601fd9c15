using AuthActors.Messages;
using AuthActors.Node.Users;

namespace AuthActors.Node.Tests.Users;

public sealed class OnlineDeciderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<string> Live = ["gw-2"];
    private static readonly SessionHolder Here = new("gw-2", "c1");

    private static UserState Registered() => UserState.Empty.Apply(new UserEvent.Registered("bob", "hash", T0));

    private static UserState Run(UserState state, Decision decision) => decision.Events.Aggregate(state, (s, e) => s.Apply(e));

    private static OpenOnlineSession Open(SessionHolder holder, bool several = false) => new("bob", holder, several, Live);

    private static DeliverMessage Message(string from, string text, bool onlineOnly = false) => new("bob", from, text, onlineOnly, Live);

    [Fact]
    public void Second_session_is_refused_with_already_logged_in_unless_allowed()
    {
        var state = Run(Registered(), OnlineDecider.Open(Registered(), "bob", Open(Here), T0));
        state.OnlineSessions.ShouldHaveSingleItem().ShouldBe(Here);

        var second = OnlineDecider.Open(state, "bob", Open(Here with { ConnectionId = "c2" }), T0);
        second.Events.ShouldBeEmpty();
        second.Reply.ShouldBeOfType<Rejected>().Message.ShouldBe(OnlineDecider.AlreadyLoggedIn);

        var allowed = OnlineDecider.Open(state, "bob", Open(Here with { ConnectionId = "c2" }, several: true), T0);
        Run(state, allowed).OnlineSessions.Count.ShouldBe(2);
    }

    [Fact]
    public void Sessions_of_a_dead_gateway_are_closed_and_do_not_count()
    {
        var dead = new SessionHolder("gw-1", "c9");
        var state = Registered().Apply(new UserEvent.OnlineSessionOpened(dead.GatewayId, dead.ConnectionId, T0, null));

        var open = OnlineDecider.Open(state, "bob", Open(Here), T0.AddMinutes(1));
        open.Events[0].ShouldBe(new UserEvent.OnlineSessionClosed("gw-1", "c9", OnlineDecider.GatewayGone, T0.AddMinutes(1)));
        open.Reply.ShouldBeOfType<OnlineSessionOpened>();
        Run(state, open).OnlineSessions.ShouldHaveSingleItem().ShouldBe(Here);
    }

    [Fact]
    public void Offline_messages_queue_in_order_and_are_given_at_the_next_open_then_acknowledged()
    {
        var state = Registered();
        state = Run(state, OnlineDecider.Deliver(state, "bob", Message("alice", "one"), T0));
        state = Run(state, OnlineDecider.Deliver(state, "bob", Message("carol", "two"), T0.AddSeconds(1)));

        var opened = OnlineDecider.Open(state, "bob", Open(Here), T0.AddSeconds(2)).Reply.ShouldBeOfType<OnlineSessionOpened>();
        opened.Inbox.Select(m => (m.Number, m.From, m.Text)).ShouldBe([(1L, "alice", "one"), (2L, "carol", "two")]);

        var ack = OnlineDecider.Acknowledge(state, "bob", 2, T0.AddSeconds(3));
        ack.Reply.ShouldBe(new InboxAcknowledged("bob", 0));
        state = Run(state, ack);
        state.Inbox.ShouldBeEmpty();

        // Numbers are never reused, so a late acknowledgement of old numbers cannot drop a new message.
        state = Run(state, OnlineDecider.Deliver(state, "bob", Message("alice", "three"), T0.AddSeconds(4)));
        state.Inbox.ShouldHaveSingleItem().Number.ShouldBe(3);
        OnlineDecider.Acknowledge(state, "bob", 2, T0.AddSeconds(5)).Events.ShouldBeEmpty();
    }

    [Fact]
    public void Online_recipient_gets_the_sessions_to_write_to_and_nothing_is_journalled()
    {
        var state = Run(Registered(), OnlineDecider.Open(Registered(), "bob", Open(Here), T0));
        var deliver = OnlineDecider.Deliver(state, "bob", Message("alice", "hi"), T0);
        deliver.Events.ShouldBeEmpty();
        deliver.Reply.ShouldBeOfType<DeliverToSessions>().Sessions.ShouldBe([Here]);
    }

    [Fact]
    public void Broadcast_to_an_offline_user_is_not_kept()
    {
        var deliver = OnlineDecider.Deliver(Registered(), "bob", Message("alice", "hi all", onlineOnly: true), T0);
        deliver.Events.ShouldBeEmpty();
        deliver.Reply.ShouldBeOfType<RecipientOffline>();
    }

    [Fact]
    public void A_blocked_sender_is_refused_and_nothing_is_queued()
    {
        var state = Run(Registered(), OnlineDecider.Block(Registered(), "bob", "alice", T0));
        state.Blocks("alice").ShouldBeTrue();
        var deliver = OnlineDecider.Deliver(state, "bob", Message("alice", "hi"), T0);
        deliver.Events.ShouldBeEmpty();
        deliver.Reply.ShouldBeOfType<Rejected>().Code.ShouldBe(ErrorCode.Forbidden);

        state = Run(state, OnlineDecider.Unblock(state, "bob", "alice", T0));
        OnlineDecider.Deliver(state, "bob", Message("alice", "hi"), T0).Reply.ShouldBeOfType<MessageQueued>();
    }

    [Fact]
    public void The_inbox_is_bounded_with_a_clear_error()
    {
        var state = Registered();
        for (var i = 0; i < UserState.MaxInbox; i++)
        {
            state = Run(state, OnlineDecider.Deliver(state, "bob", Message("alice", $"m{i}"), T0));
        }

        var full = OnlineDecider.Deliver(state, "bob", Message("alice", "one too many"), T0);
        full.Events.ShouldBeEmpty();
        full.Reply.ShouldBeOfType<Rejected>().Message.ShouldBe($"bob's offline inbox is full (at most {UserState.MaxInbox} messages)");
    }

    [Fact]
    public void The_block_list_is_bounded_and_refuses_self_and_unknown_unblocks()
    {
        var state = Registered();
        for (var i = 0; i < UserState.MaxBlocked; i++)
        {
            state = Run(state, OnlineDecider.Block(state, "bob", $"u{i}", T0));
        }

        OnlineDecider.Block(state, "bob", "one-more", T0).Reply.ShouldBeOfType<Rejected>().Code.ShouldBe(ErrorCode.TooLarge);
        OnlineDecider.Block(state, "bob", "u1", T0).Events.ShouldBeEmpty();
        OnlineDecider.Block(Registered(), "bob", "bob", T0).Reply.ShouldBeOfType<Rejected>().Message.ShouldBe("you cannot block yourself");
        OnlineDecider.Unblock(Registered(), "bob", "carol", T0).Reply.ShouldBeOfType<Rejected>().Message.ShouldBe("carol was not blocked");
    }

    [Fact]
    public void Closing_records_the_time_for_whoelsesince_and_closing_twice_changes_nothing()
    {
        var state = Run(Registered(), OnlineDecider.Open(Registered(), "bob", Open(Here), T0));
        var close = OnlineDecider.Close(state, "bob", Here, "logout", T0.AddMinutes(1));
        state = Run(state, close);
        state.OnlineSessions.ShouldBeEmpty();
        state.LastOnlineAt.ShouldBe(T0.AddMinutes(1));
        OnlineDecider.Close(state, "bob", Here, "logout", T0.AddMinutes(2)).Events.ShouldBeEmpty();
    }

    [Fact]
    public void Messages_to_an_unknown_user_are_refused()
    {
        OnlineDecider.Deliver(UserState.Empty, "bob", Message("alice", "hi"), T0).Reply.ShouldBeOfType<Rejected>().Code.ShouldBe(ErrorCode.NotFound);
    }
}

public sealed class OnlineStatePersistenceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void New_events_and_the_state_with_blocks_and_inbox_round_trip()
    {
        var serializer = UserPersistenceSerializer.Create();
        UserEvent[] events =
        [
            new UserEvent.OnlineSessionOpened("gw", "c1", T0, "127.0.0.1"),
            new UserEvent.OnlineSessionClosed("gw", "c1", "logout", T0),
            new UserEvent.UserBlocked("alice", T0),
            new UserEvent.UserUnblocked("alice", T0),
            new UserEvent.InboxMessageQueued(1, "alice", "hi", T0),
            new UserEvent.InboxDelivered(1, T0),
        ];
        foreach (var e in events)
        {
            var (manifest, payload) = serializer.Serialize(e);
            manifest.ShouldEndWith(".v1");
            serializer.Deserialize(manifest, payload).ShouldBe(e);
        }

        var state = UserState.Empty.Apply(new UserEvent.Registered("bob", "hash", T0))
            .Apply(new UserEvent.UserBlocked("alice", T0))
            .Apply(new UserEvent.InboxMessageQueued(1, "carol", "hi", T0))
            .Apply(new UserEvent.OnlineSessionOpened("gw", "c1", T0, null));
        var (stateManifest, statePayload) = serializer.Serialize(state);
        stateManifest.ShouldBe("user.state.v4");
        var back = (UserState)serializer.Deserialize(stateManifest, statePayload);
        back.Blocked.ShouldBe(["alice"]);
        back.Inbox.ShouldHaveSingleItem().Text.ShouldBe("hi");
        back.OnlineSessions.ShouldHaveSingleItem().ShouldBe(new SessionHolder("gw", "c1"));
        back.NextInboxNumber.ShouldBe(2);
    }

    [Fact]
    public void A_version_2_snapshot_reads_with_no_blocks_inbox_or_online_sessions()
    {
        var serializer = UserPersistenceSerializer.Create();
        var (_, payload) = serializer.Serialize(UserState.Empty.Apply(new UserEvent.Registered("bob", "hash", T0)));
        var json = System.Text.Json.Nodes.JsonNode.Parse(payload)!.AsObject();
        json.Remove("online_sessions");
        json.Remove("blocked");
        json.Remove("inbox");
        json.Remove("next_inbox_number");
        var old = (UserState)serializer.Deserialize("user.state.v2", System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()));
        old.Exists.ShouldBeTrue();
        old.Blocked.ShouldBeEmpty();
        old.Inbox.ShouldBeEmpty();
        old.OnlineSessions.ShouldBeEmpty();
        old.NextInboxNumber.ShouldBe(1);
    }
}
