using AuthActors.Runtime.Entities;
using AuthActors.Runtime.Sharding;
using AuthActors.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace AuthActors.Runtime.Tests.Entities;

public sealed class ShardRegionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Counts messages; "fail" throws, "wait" blocks until released; recoveries are counted per id.</summary>
    private sealed class CountingEntity(string id, Dictionary<string, int> recoveries, TaskCompletionSource release) : IEntity
    {
        private int _count;

        public Task RecoverAsync(CancellationToken cancellationToken)
        {
            lock (recoveries)
            {
                recoveries[id] = recoveries.GetValueOrDefault(id) + 1;
            }

            return Task.CompletedTask;
        }

        public async Task<object> HandleAsync(object message, CancellationToken cancellationToken)
        {
            switch (message)
            {
                case "fail":
                    throw new InvalidOperationException("boom");
                case "wait":
                    await release.Task.WaitAsync(cancellationToken);
                    break;
            }

            return ++_count;
        }
    }

    private static (ShardRegion Region, Dictionary<string, int> Recoveries, TaskCompletionSource Release) Build(EntityOptions? options = null)
    {
        var recoveries = new Dictionary<string, int>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var region = new ShardRegion("counter", 10, id => new CountingEntity(id, recoveries, release), options ?? new EntityOptions(), NullLogger.Instance);
        return (region, recoveries, release);
    }

    [Fact]
    public async Task Messages_to_one_entity_are_handled_one_at_a_time_in_order()
    {
        var (region, _, _) = Build();
        var replies = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => region.AskAsync("a", "inc", cancellationToken: Ct)));
        replies.Cast<int>().Order().ShouldBe(Enumerable.Range(1, 50));
        await region.DisposeAsync();
    }

    [Fact]
    public async Task A_failure_answers_the_sender_with_an_error_and_restarts_the_entity()
    {
        var (region, recoveries, _) = Build();
        (await region.AskAsync("b", "inc", cancellationToken: Ct)).ShouldBe(1);
        var error = await Should.ThrowAsync<EntityFailedException>(() => region.AskAsync("b", "fail", cancellationToken: Ct));
        error.InnerException.ShouldBeOfType<InvalidOperationException>();

        // A fresh instance: in-memory state is gone, recovered again.
        (await region.AskAsync("b", "inc", cancellationToken: Ct)).ShouldBe(1);
        recoveries["b"].ShouldBe(2);
        await region.DisposeAsync();
    }

    [Fact]
    public async Task Hand_off_drains_the_queued_messages_then_refuses_the_shard_until_it_completes()
    {
        var (region, _, release) = Build();
        var shard = ShardId.Of("h", region.ShardCount);
        var blocked = region.AskAsync("h", "wait", cancellationToken: Ct);
        var queued = region.AskAsync("h", "inc", cancellationToken: Ct);

        var handOff = region.HandOffAsync(shard);
        await Should.ThrowAsync<ShardUnavailableException>(() => region.AskAsync("h", "inc", cancellationToken: Ct));
        handOff.IsCompleted.ShouldBeFalse();

        release.SetResult();
        (await blocked).ShouldBe(1);
        (await queued).ShouldBe(2);
        await handOff;
        region.LiveShards.ShouldNotContain(shard);

        // Afterwards the shard starts afresh (recovered from the journal in real entities).
        (await region.AskAsync("h", "inc", cancellationToken: Ct)).ShouldBe(1);
        await region.DisposeAsync();
    }

    [Fact]
    public async Task A_region_refuses_shards_it_does_not_serve()
    {
        var recoveries = new Dictionary<string, int>();
        var region = new ShardRegion(
            "counter", 10, id => new CountingEntity(id, recoveries, new TaskCompletionSource()), new EntityOptions(), NullLogger.Instance,
            servesShard: shard => shard != ShardId.Of("x", 10));
        var refused = await Should.ThrowAsync<ShardUnavailableException>(() => region.AskAsync("x", "inc", cancellationToken: Ct));
        refused.ShardId.ShouldBe(ShardId.Of("x", 10));
        recoveries.ShouldNotContainKey("x");
        await region.DisposeAsync();
    }

    [Fact]
    public async Task No_reply_in_time_is_a_timeout_not_silence()
    {
        var (region, _, release) = Build();
        await Should.ThrowAsync<TimeoutException>(() => region.AskAsync("c", "wait", TimeSpan.FromMilliseconds(100), Ct));
        release.SetResult();
        await region.DisposeAsync();
    }

    [Fact]
    public async Task A_full_mailbox_refuses_at_once()
    {
        var (region, _, release) = Build(new EntityOptions { MailboxCapacity = 2 });
        var blocked = region.AskAsync("d", "wait", cancellationToken: Ct);
        await Eventually.ConditionAsync(() => region.ActiveEntities == 1, "d is live");
        // Delivery happens before AskAsync first awaits, so a refusal shows at once as a faulted task.
        var asks = Enumerable.Range(0, 4).Select(_ => region.AskAsync("d", "inc", cancellationToken: Ct)).ToList();
        var refused = asks.Where(t => t.IsFaulted).ToList();
        refused.ShouldNotBeEmpty();
        refused.ShouldAllBe(t => t.Exception!.InnerException is EntityUnavailableException);
        var queued = asks.Except(refused).ToList();
        release.SetResult();
        await blocked;
        await Task.WhenAll(queued);
        await region.DisposeAsync();
    }

    [Fact]
    public async Task Idle_entities_are_passivated_and_come_back_on_the_next_message()
    {
        var (region, recoveries, _) = Build(new EntityOptions { PassivateAfter = TimeSpan.FromMilliseconds(50) });
        await region.AskAsync("e", "inc", cancellationToken: Ct);
        await Eventually.ConditionAsync(() => region.ActiveEntities == 0, "e is passivated");
        (await region.AskAsync("e", "inc", cancellationToken: Ct)).ShouldBe(1);
        recoveries["e"].ShouldBe(2);
        await region.DisposeAsync();
    }

    [Fact]
    public async Task Stopping_the_region_finishes_queued_messages_and_refuses_new_ones()
    {
        var (region, _, release) = Build();
        var first = region.AskAsync("f", "wait", cancellationToken: Ct);
        var second = region.AskAsync("f", "inc", cancellationToken: Ct);
        var stopping = region.DisposeAsync().AsTask();
        await Should.ThrowAsync<EntityUnavailableException>(() => region.AskAsync("f", "inc", cancellationToken: Ct));
        release.SetResult();
        await stopping;
        (await first).ShouldBe(1);
        (await second).ShouldBe(2);
    }
}
