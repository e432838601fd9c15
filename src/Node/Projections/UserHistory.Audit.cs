using AuthActors.Node.Users;

namespace AuthActors.Node.Projections;

/// <summary>
/// One event of a user's audit trail: its place in the user's journal, when, what kind (the event's manifest name),
/// what it means, and the request's source address and gateway where known. Never a hash, a token digest or a
/// message's text.
/// </summary>
public sealed record AuditEntry(long Sequence, DateTimeOffset At, string Kind, string Description, string? Address, string? Gateway);

/// <summary>A page of the audit trail, newest first; <see cref="NextBefore"/> asks for the page after it (null: no more).</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? NextBefore);

/// <summary>The audit trail: every event of the user, paged by journal sequence number.</summary>
public sealed partial class UserHistory
{
    /// <summary>
    /// Up to <paramref name="limit"/> events older than sequence number <paramref name="before"/> (the newest when
    /// null), newest first; null when the user has no events at all (never existed).
    /// </summary>
    public async Task<AuditPage?> ReadPageAsync(string userId, long? before, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var persistenceId = UserEntity.PersistenceIdOf(userId);
        var highest = await journal.ReadHighestSequenceNrAsync(persistenceId, cancellationToken);
        if (highest == 0)
        {
            return null;
        }

        var last = Math.Min(highest, (before ?? long.MaxValue) - 1);
        var first = Math.Max(1, last - limit + 1);
        var entries = new List<AuditEntry>(limit);
        await foreach (var envelope in journal.ReadEventsAsync(persistenceId, first, cancellationToken))
        {
            if (envelope.SequenceNr > last)
            {
                break;
            }

            if (serializer.Deserialize(envelope.Manifest, envelope.Payload) is UserEvent e)
            {
                entries.Add(new AuditEntry(envelope.SequenceNr, envelope.Timestamp, KindOf(envelope.Manifest), Explain(e), AddressOf(e), GatewayOf(e)));
            }
        }

        entries.Reverse();
        return new AuditPage(entries, first > 1 ? first : null);
    }

    // "user.login-failed.v1" → "login-failed": the stable name of what happened, without the storage version.
    private static string KindOf(string manifest)
    {
        var name = manifest.StartsWith("user.", StringComparison.Ordinal) ? manifest["user.".Length..] : manifest;
        var version = name.LastIndexOf(".v", StringComparison.Ordinal);
        return version > 0 ? name[..version] : name;
    }

    private static string Explain(UserEvent e) => Describe(e) ?? e switch
    {
        UserEvent.PasswordRehashed => "the password was hashed again with the current parameters",
        UserEvent.RefreshRotated r => $"refresh token rotated{From(r.From)}",
        UserEvent.InboxMessageQueued => "an offline message was queued",
        UserEvent.InboxDelivered => "offline messages were delivered",
        _ => e.GetType().Name,
    };

    // Events before the audit trail recorded the origin still say where some requests came from.
    private static string? AddressOf(UserEvent e) => e.Origin?.Address ?? e switch
    {
        UserEvent.LoginSucceeded l => l.From,
        UserEvent.LoginFailed f => f.From,
        UserEvent.SessionStarted s => s.From,
        UserEvent.RefreshRotated r => r.From,
        UserEvent.RefreshReuseDetected r => r.From,
        UserEvent.OnlineSessionOpened o => o.From,
        _ => null,
    };

    private static string? GatewayOf(UserEvent e) => e.Origin?.Gateway ?? e switch
    {
        UserEvent.OnlineSessionOpened o => o.GatewayId,
        UserEvent.OnlineSessionClosed c => c.GatewayId,
        _ => null,
    };
}
