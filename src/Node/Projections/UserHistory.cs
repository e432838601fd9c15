using System.Globalization;
using AuthActors.Node.Users;
using AuthActors.Runtime.Persistence;

namespace AuthActors.Node.Projections;

/// <summary>One line of a user's recent history as an admin reads it.</summary>
public sealed record UserHistoryEntry(DateTimeOffset At, string What);

/// <summary>
/// A user's recent history for the admin, read from the user's own events in the journal (never from the entity):
/// logins, failures, lock-outs, password changes, bans, sessions. Secrets (hashes, token digests) and private
/// message text are never shown.
/// </summary>
public sealed partial class UserHistory(IJournal journal, IPersistenceSerializer serializer)
{
    /// <summary>The last <paramref name="count"/> events of the user that say something to an admin, newest first.</summary>
    public async Task<IReadOnlyList<UserHistoryEntry>> ReadRecentAsync(string userId, int count, CancellationToken cancellationToken)
    {
        var persistenceId = UserEntity.PersistenceIdOf(userId);
        var highest = await journal.ReadHighestSequenceNrAsync(persistenceId, cancellationToken);
        // Read a window a few times larger than asked, since token rotations and inbox events are left out.
        var from = Math.Max(1, highest - (count * 4) + 1);
        var entries = new List<UserHistoryEntry>();
        await foreach (var envelope in journal.ReadEventsAsync(persistenceId, from, cancellationToken))
        {
            if (serializer.Deserialize(envelope.Manifest, envelope.Payload) is UserEvent e && Describe(e) is { } what)
            {
                entries.Add(new UserHistoryEntry(envelope.Timestamp, what));
            }
        }

        entries.Reverse();
        return entries.Count > count ? entries[..count] : entries;
    }

    /// <summary>The event in words, or null for events that tell an admin nothing (rotations, rehashes, inbox).</summary>
    public static string? Describe(UserEvent e) => e switch
    {
        UserEvent.Registered => "signed up",
        UserEvent.LoginSucceeded l => $"logged in{From(l.From)}",
        UserEvent.LoginFailed f => $"failed login{From(f.From)}",
        UserEvent.Locked l => string.Create(CultureInfo.InvariantCulture, $"locked until {l.Until.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC"),
        UserEvent.Unlocked => "unlocked by an administrator",
        UserEvent.PasswordChanged => "changed the password",
        UserEvent.ProfileSet => "set the profile",
        UserEvent.RoleGranted r => $"granted the role {r.Role}",
        UserEvent.SessionStarted s => $"{s.Client.ToString().ToLowerInvariant()} session started{From(s.From)}",
        UserEvent.SessionEnded s => $"session ended: {s.Reason}",
        UserEvent.AllSessionsEnded a => $"every session ended: {a.Reason}",
        UserEvent.RefreshReuseDetected r => $"refresh token reused{From(r.From)}: the session was revoked",
        UserEvent.AccessTokenRevoked => "an access token was revoked",
        UserEvent.Banned b => $"banned: {b.Reason}",
        UserEvent.Unbanned => "unbanned",
        UserEvent.Withdrawn => "withdrew the account",
        UserEvent.Deleted d => d.ByAdmin ? "deleted by an administrator" : "deleted the account",
        UserEvent.OnlineSessionOpened o => $"online session opened{From(o.From)}",
        UserEvent.OnlineSessionClosed o => $"online session closed: {o.Reason}",
        UserEvent.UserBlocked b => $"blocked {b.Target}",
        UserEvent.UserUnblocked u => $"unblocked {u.Target}",
        _ => null,
    };

    private static string From(string? address) => address is null ? "" : $" from {address}";
}
