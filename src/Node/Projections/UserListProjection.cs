using AuthActors.Messages;
using AuthActors.Node.Users;
using AuthActors.Runtime.Persistence;

namespace AuthActors.Node.Projections;

/// <summary>
/// The admin's user list: a read model built by tailing the journal in ordering order, never by asking entities.
/// It catches up before each query, so an admin sees their own ban at once; between queries it costs nothing.
/// Held in memory and rebuilt from the start of the journal when the process starts.
/// </summary>
public sealed class UserListProjection(IEventLog log, IPersistenceSerializer serializer, TimeProvider clock)
{
    private const string UserPrefix = "user|";

    private readonly SemaphoreSlim _catchingUp = new(1, 1);
    private readonly SortedDictionary<string, UserSummary> _users = new(StringComparer.Ordinal);
    private readonly EventLogTail _tail = new(log, clock);

    /// <summary>The ordering of the last event applied.</summary>
    public long Position => _tail.Position;

    /// <summary>Applies every event committed since the last call (up to a gap the tail still waits for).</summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await _catchingUp.WaitAsync(cancellationToken);
        try
        {
            await _tail.ReadAsync(Apply, cancellationToken);
        }
        finally
        {
            _catchingUp.Release();
        }
    }

    /// <summary>One page of users whose id starts with <paramref name="prefix"/> and who match the filter, by id.</summary>
    public async Task<UserPage> QueryAsync(UserListFilter filter, string? prefix, int page, int pageSize, CancellationToken cancellationToken)
    {
        await CatchUpAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await _catchingUp.WaitAsync(cancellationToken);
        try
        {
            var matching = _users.Values.Where(u => Matches(u, filter, prefix, now));
            var list = matching.ToList();
            return new UserPage([.. list.Skip((page - 1) * pageSize).Take(pageSize)], list.Count);
        }
        finally
        {
            _catchingUp.Release();
        }
    }

    private static bool Matches(UserSummary user, UserListFilter filter, string? prefix, DateTimeOffset now)
    {
        if (prefix is not null && !user.UserId.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        return filter switch
        {
            UserListFilter.Active => user.Status == AccountStatus.Active && !user.IsLockedAt(now),
            UserListFilter.Locked => user.Status == AccountStatus.Active && user.IsLockedAt(now),
            UserListFilter.Banned => user.Status == AccountStatus.Banned,
            UserListFilter.Withdrawn => user.Status == AccountStatus.Withdrawn,
            _ => true,
        };
    }

    private void Apply(EventEnvelope envelope)
    {
        if (!envelope.PersistenceId.StartsWith(UserPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var userId = envelope.PersistenceId[UserPrefix.Length..];
        var domainEvent = serializer.Deserialize(envelope.Manifest, envelope.Payload);
        if (domainEvent is UserEvent.Registered registered)
        {
            _users[userId] = new UserSummary(userId, AccountStatus.Active, registered.At, null, null);
            return;
        }

        if (!_users.TryGetValue(userId, out var user))
        {
            return;
        }

        switch (domainEvent)
        {
            case UserEvent.Deleted:
                _users.Remove(userId);
                break;
            case UserEvent.LoginSucceeded e:
                _users[userId] = user with { LastLoginAt = e.At, LockedUntil = null };
                break;
            // One trusted device locking itself out does not make the account locked for anyone else.
            case UserEvent.Locked e when e.Via is null || e.Via == LockoutPools.UntrustedVia:
                _users[userId] = user with { LockedUntil = e.Until };
                break;
            case UserEvent.Unlocked:
                _users[userId] = user with { LockedUntil = null };
                break;
            case UserEvent.Banned:
                _users[userId] = user with { Status = AccountStatus.Banned };
                break;
            case UserEvent.Unbanned:
                _users[userId] = user with { Status = AccountStatus.Active };
                break;
            case UserEvent.Withdrawn:
                _users[userId] = user with { Status = AccountStatus.Withdrawn };
                break;
        }
    }
}
