using System.Runtime.CompilerServices;
using AuthActors.Runtime.Persistence;
using AuthActors.TestKit;

namespace AuthActors.Runtime.Tests.Persistence;

public sealed class EventLogTailTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class ListLog : IEventLog
    {
        public List<EventEnvelope> Events { get; } = [];

        public async IAsyncEnumerable<EventEnvelope> ReadAllAsync(long afterOrdering, int limit, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            foreach (var e in Events.Where(e => e.Ordering > afterOrdering).OrderBy(e => e.Ordering).Take(limit))
            {
                yield return e;
            }
        }
    }

    private readonly ManualTimeProvider _clock = new();
    private readonly ListLog _log = new();

    private void Add(long ordering, DateTimeOffset? at = null) =>
        _log.Events.Add(new EventEnvelope("user|a", ordering, "m", ReadOnlyMemory<byte>.Empty, at ?? _clock.GetUtcNow(), [], ordering));

    private async Task<List<long>> ReadAsync(EventLogTail tail)
    {
        var seen = new List<long>();
        await tail.ReadAsync(e => seen.Add(e.Ordering), Ct);
        return seen;
    }

    [Fact]
    public async Task Contiguous_events_are_read_in_order()
    {
        var tail = new EventLogTail(_log, _clock);
        Add(1);
        Add(2);
        Add(3);
        (await ReadAsync(tail)).ShouldBe([1L, 2L, 3L]);
        tail.Position.ShouldBe(3);
    }

    [Fact]
    public async Task A_fresh_gap_holds_the_tail_until_it_fills()
    {
        var tail = new EventLogTail(_log, _clock);
        Add(1);
        Add(2);
        Add(4);
        (await ReadAsync(tail)).ShouldBe([1L, 2L]);
        (await ReadAsync(tail)).ShouldBeEmpty();

        Add(3);
        (await ReadAsync(tail)).ShouldBe([3L, 4L]);
    }

    [Fact]
    public async Task A_gap_that_stays_is_passed_after_the_timeout()
    {
        var tail = new EventLogTail(_log, _clock, TimeSpan.FromSeconds(2));
        Add(1);
        Add(3);
        (await ReadAsync(tail)).ShouldBe([1L]);
        _clock.Advance(TimeSpan.FromSeconds(1));
        (await ReadAsync(tail)).ShouldBeEmpty();
        _clock.Advance(TimeSpan.FromSeconds(1));
        (await ReadAsync(tail)).ShouldBe([3L]);
    }

    [Fact]
    public async Task An_old_gap_is_passed_at_once()
    {
        var tail = new EventLogTail(_log, _clock, TimeSpan.FromSeconds(2));
        Add(1, _clock.GetUtcNow().AddMinutes(-5));
        Add(3, _clock.GetUtcNow().AddMinutes(-5));
        (await ReadAsync(tail)).ShouldBe([1L, 3L]);
    }
}
