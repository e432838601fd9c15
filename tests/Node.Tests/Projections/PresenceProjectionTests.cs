using System.Runtime.CompilerServices;
using AuthActors.Node.Projections;
using AuthActors.Node.Users;
using AuthActors.Runtime.Persistence;

namespace AuthActors.Node.Tests.Projections;

public sealed class PresenceProjectionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<string> Live = ["gw-2"];
    private readonly EventList _log = new();
    private readonly PresenceProjection _presence;

    public PresenceProjectionTests() => _presence = new PresenceProjection(_log, _log.Serializer);

    [Fact]
    public async Task Online_means_a_session_on_a_live_gateway()
    {
        _log.Add("alice", new UserEvent.OnlineSessionOpened("gw-2", "c1", T0, null));
        _log.Add("bob", new UserEvent.OnlineSessionOpened("gw-1", "c1", T0, null));
        _log.Add("carol", new UserEvent.OnlineSessionOpened("gw-2", "c2", T0, null));
        _log.Add("carol", new UserEvent.OnlineSessionClosed("gw-2", "c2", "logout", T0.AddSeconds(5)));

        (await _presence.OnlineAsync("dave", Live, includeBlockers: false, CancellationToken.None)).ShouldBe(["alice"]);
        (await _presence.OnlineAsync("alice", Live, includeBlockers: false, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Seen_since_counts_who_logged_in_or_out_within_the_window()
    {
        _log.Add("alice", new UserEvent.OnlineSessionOpened("gw-2", "c1", T0, null));
        _log.Add("bob", new UserEvent.OnlineSessionOpened("gw-2", "c2", T0, null));
        _log.Add("bob", new UserEvent.OnlineSessionClosed("gw-2", "c2", "logout", T0.AddMinutes(1)));
        _log.Add("carol", new UserEvent.OnlineSessionOpened("gw-2", "c3", T0.AddMinutes(-30), null));
        _log.Add("carol", new UserEvent.OnlineSessionClosed("gw-2", "c3", "logout", T0.AddMinutes(-20)));

        (await _presence.SeenSinceAsync("dave", T0, Live, CancellationToken.None)).ShouldBe(["alice", "bob"]);
        (await _presence.SeenSinceAsync("dave", T0.AddHours(-1), Live, CancellationToken.None)).ShouldBe(["alice", "bob", "carol"]);
    }

    [Fact]
    public async Task Users_who_block_me_are_hidden_unless_a_broadcast_asks_them_itself()
    {
        _log.Add("alice", new UserEvent.OnlineSessionOpened("gw-2", "c1", T0, null));
        _log.Add("bob", new UserEvent.OnlineSessionOpened("gw-2", "c2", T0, null));
        _log.Add("bob", new UserEvent.UserBlocked("dave", T0));

        (await _presence.OnlineAsync("dave", Live, includeBlockers: false, CancellationToken.None)).ShouldBe(["alice"]);
        (await _presence.OnlineAsync("dave", Live, includeBlockers: true, CancellationToken.None)).ShouldBe(["alice", "bob"]);
        (await _presence.SeenSinceAsync("dave", T0, Live, CancellationToken.None)).ShouldBe(["alice"]);
        (await _presence.EitherBlocksAsync("dave", "bob", CancellationToken.None)).ShouldBeTrue();
        (await _presence.EitherBlocksAsync("alice", "bob", CancellationToken.None)).ShouldBeFalse();

        _log.Add("bob", new UserEvent.UserUnblocked("dave", T0));
        (await _presence.OnlineAsync("dave", Live, includeBlockers: false, CancellationToken.None)).ShouldBe(["alice", "bob"]);
    }

    /// <summary>A journal read as one log: events appended here are seen by the projection's next catch-up.</summary>
    private sealed class EventList : IEventLog
    {
        private readonly List<EventEnvelope> _events = [];

        public JsonPersistenceSerializer Serializer { get; } = UserPersistenceSerializer.Create();

        public void Add(string userId, UserEvent domainEvent)
        {
            var (manifest, payload) = Serializer.Serialize(domainEvent);
            var id = UserEntity.PersistenceIdOf(userId);
            var sequence = _events.Count(e => e.PersistenceId == id) + 1;
            _events.Add(new EventEnvelope(id, sequence, manifest, payload, T0, [], _events.Count + 1));
        }

        public async IAsyncEnumerable<EventEnvelope> ReadAllAsync(
            long afterOrdering, int limit, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            foreach (var envelope in _events.Where(e => e.Ordering > afterOrdering).Take(limit))
            {
                yield return envelope;
            }
        }
    }
}
