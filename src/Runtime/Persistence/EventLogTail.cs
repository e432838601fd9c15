namespace AuthActors.Runtime.Persistence;

/// <summary>
/// Reads an <see cref="IEventLog"/> in ordering order for a projection and holds back at a gap. On PostgreSQL an
/// ordering is taken at insert, not at commit: with several nodes writing, ordering 11 may be visible before 10
/// commits, and a reader that moved past 10 would never see it. So the tail stops before a gap and waits for it to
/// fill; a gap that stays (a rolled-back insert leaves one for good) is passed once it has been seen for
/// <c>gapTimeout</c>, or at once when the event after it is already older than that.
/// </summary>
public sealed class EventLogTail(IEventLog log, TimeProvider clock, TimeSpan? gapTimeout = null)
{
    /// <summary>How long a gap is waited for by default: far longer than any commit takes.</summary>
    public static readonly TimeSpan DefaultGapTimeout = TimeSpan.FromSeconds(2);

    private const int BatchSize = 2000;

    private readonly TimeSpan _gapTimeout = gapTimeout ?? DefaultGapTimeout;
    private long _position;
    private long _gapAfter = -1;
    private DateTimeOffset _gapSeenAt;

    /// <summary>The ordering of the last event handed out.</summary>
    public long Position => Interlocked.Read(ref _position);

    /// <summary>Hands every event committed after <see cref="Position"/>, up to a gap still waited for, to <paramref name="apply"/>.</summary>
    public async Task<int> ReadAsync(Action<EventEnvelope> apply, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var read = 0;
            var held = false;
            await foreach (var envelope in log.ReadAllAsync(_position, BatchSize, cancellationToken))
            {
                read++;
                if (envelope.Ordering != _position + 1 && !MayPassGap(envelope))
                {
                    held = true;
                    break;
                }

                apply(envelope);
                Interlocked.Exchange(ref _position, envelope.Ordering);
                total++;
            }

            if (held || read < BatchSize)
            {
                return total;
            }
        }
    }

    private bool MayPassGap(EventEnvelope next)
    {
        var now = clock.GetUtcNow();
        if (now - next.Timestamp >= _gapTimeout)
        {
            return true;
        }

        if (_gapAfter != _position)
        {
            _gapAfter = _position;
            _gapSeenAt = now;
            return false;
        }

        return now - _gapSeenAt >= _gapTimeout;
    }
}
