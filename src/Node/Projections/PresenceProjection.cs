using AuthActors.Messages;
using AuthActors.Node.Users;
using AuthActors.Runtime.Persistence;

namespace AuthActors.Node.Projections;

/// <summary>
/// Who is online, who was lately, and who blocks whom: a read model tailing the journal in ordering order, as
/// <see cref="UserListProjection"/> does, so it answers the same on every gateway once the cluster shares the journal.
/// It catches up before each query. A session counts as online only while its gateway is live (an input), so the
/// sessions of a gateway that died vanish from <c>whoelse</c> at once, before their users' closing events exist.
/// </summary>
public sealed class PresenceProjection(IEventLog log, IPersistenceSerializer serializer, TimeProvider? clock = null)
{
    private const int BatchSize = 2000;
    private const string UserPrefix = "user|";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, Presence> _users = new(StringComparer.Ordinal);
    private readonly EventLogTail _tail = new(log, clock ?? TimeProvider.System);

    /// <summary>
    /// The users online on a live gateway except <paramref name="requester"/>, sorted; without those who block the
    /// requester unless <paramref name="includeBlockers"/> (a broadcast asks each recipient, who refuses it then).
    /// </summary>
    public Task<IReadOnlyList<string>> OnlineAsync(
        string requester, IReadOnlyList<string> liveGateways, bool includeBlockers, CancellationToken cancellationToken) =>
        QueryAsync(requester, p => IsOnline(p, liveGateways) && (includeBlockers || !p.Blocked.Contains(requester)), cancellationToken);

    /// <summary>The users online now or whose session opened or closed since <paramref name="since"/>, filtered as above.</summary>
    public Task<IReadOnlyList<string>> SeenSinceAsync(
        string requester, DateTimeOffset since, IReadOnlyList<string> liveGateways, CancellationToken cancellationToken) =>
        QueryAsync(requester, p => (IsOnline(p, liveGateways) || p.LastOnlineAt >= since) && !p.Blocked.Contains(requester), cancellationToken);

    /// <summary>The sessions of <paramref name="userId"/> held by live gateways, wherever they are.</summary>
    public Task<IReadOnlyList<SessionHolder>> SessionsOfAsync(string userId, IReadOnlyList<string> liveGateways, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<SessionHolder>>(
            () => _users.TryGetValue(userId, out var p) ? [.. p.Sessions.Where(s => liveGateways.Contains(s.GatewayId))] : [],
            cancellationToken);

    /// <summary>
    /// Every session the journal still shows open on a gateway that is not live: sessions nobody logged out of
    /// because their gateway died. Whoever hosts the user closes them (<c>OnlineSessionSweeper</c>).
    /// </summary>
    public Task<IReadOnlyList<(string UserId, SessionHolder Holder)>> OrphanedSessionsAsync(
        IReadOnlyList<string> liveGateways, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<(string, SessionHolder)>>(
            () => [.. _users.SelectMany(u => u.Value.Sessions.Where(s => !liveGateways.Contains(s.GatewayId)).Select(s => (u.Key, s)))],
            cancellationToken);

    /// <summary>True when either user blocks the other.</summary>
    public Task<bool> EitherBlocksAsync(string a, string b, CancellationToken cancellationToken) =>
        ReadAsync(() => Blocks(a, b) || Blocks(b, a), cancellationToken);

    private async Task<T> ReadAsync<T>(Func<T> read, CancellationToken cancellationToken)
    {
        await CatchUpAsync(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return read();
        }
        finally
        {
            _gate.Release();
        }
    }

    private Task<IReadOnlyList<string>> QueryAsync(string requester, Func<Presence, bool> wanted, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>(
            () => [.. _users.Where(u => u.Key != requester && wanted(u.Value)).Select(u => u.Key).Order(StringComparer.Ordinal)],
            cancellationToken);

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await _tail.ReadAsync(Apply, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static bool IsOnline(Presence presence, IReadOnlyList<string> liveGateways) =>
        presence.Sessions.Any(s => liveGateways.Contains(s.GatewayId));

    private bool Blocks(string blocker, string blocked) => _users.TryGetValue(blocker, out var p) && p.Blocked.Contains(blocked);

    private void Apply(EventEnvelope envelope)
    {
        if (!envelope.PersistenceId.StartsWith(UserPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var userId = envelope.PersistenceId[UserPrefix.Length..];
        switch (serializer.Deserialize(envelope.Manifest, envelope.Payload))
        {
            case UserEvent.Registered or UserEvent.Deleted:
                _users.Remove(userId);
                break;
            case UserEvent.OnlineSessionOpened e:
                var opened = Of(userId);
                opened.Sessions.Add(new SessionHolder(e.GatewayId, e.ConnectionId));
                opened.LastOnlineAt = e.At;
                break;
            case UserEvent.OnlineSessionClosed e:
                var closed = Of(userId);
                closed.Sessions.Remove(new SessionHolder(e.GatewayId, e.ConnectionId));
                closed.LastOnlineAt = e.At;
                break;
            case UserEvent.UserBlocked e:
                Of(userId).Blocked.Add(e.Target);
                break;
            case UserEvent.UserUnblocked e:
                Of(userId).Blocked.Remove(e.Target);
                break;
        }
    }

    private Presence Of(string userId)
    {
        if (!_users.TryGetValue(userId, out var presence))
        {
            presence = new Presence();
            _users[userId] = presence;
        }

        return presence;
    }

    // Mutable, but only under the gate: the projection's private working set, never handed out.
    private sealed class Presence
    {
        public List<SessionHolder> Sessions { get; } = [];

        public HashSet<string> Blocked { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset? LastOnlineAt { get; set; }
    }
}
