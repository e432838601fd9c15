using AuthActors.Node.Hosting;
using AuthActors.Node.Users;
using AuthActors.Runtime.Persistence;

namespace AuthActors.Bench.ColdStart;

/// <summary>
/// Writes registered users straight into a data directory's journal, through the product's own storage and event
/// serializer (so the gateway reads them as its own), far faster than signing each up through the service.
/// </summary>
internal static class ManyUsers
{
    private const int AppendsInFlight = 4096;

    /// <summary>The id of user number <paramref name="index"/>.</summary>
    public static string IdOf(int index) => $"cold{index:D7}";

    /// <summary>Registers <paramref name="count"/> users, all with <paramref name="passwordHash"/>; returns how long it took.</summary>
    public static async Task<TimeSpan> WriteAsync(string dataDirectory, int count, string passwordHash)
    {
        var started = TimeProvider.System.GetTimestamp();
        await using var storage = await NodeStorage.OpenAsync(new StorageOptions(), dataDirectory, CancellationToken.None);
        var serializer = UserPersistenceSerializer.Create();
        var at = DateTimeOffset.UtcNow.AddDays(-30);
        using var slots = new SemaphoreSlim(AppendsInFlight);
        var appends = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            await slots.WaitAsync();
            var userId = IdOf(i);
            var (manifest, payload) = serializer.Serialize(new UserEvent.Registered(userId, passwordHash, at));
            var envelope = new EventEnvelope(UserEntity.PersistenceIdOf(userId), 1, manifest, payload, at, []);
            appends.Add(AppendAsync(storage.Journal, envelope, slots));
            if (i % 100_000 == 99_999)
            {
                Console.Error.WriteLine($"coldstart: {i + 1:N0} users written after {TimeProvider.System.GetElapsedTime(started).TotalSeconds:N0} s");
            }
        }

        await Task.WhenAll(appends);
        return TimeProvider.System.GetElapsedTime(started);
    }

    private static async Task AppendAsync(IJournal journal, EventEnvelope envelope, SemaphoreSlim slots)
    {
        try
        {
            await journal.AppendAsync([envelope], CancellationToken.None);
        }
        finally
        {
            slots.Release();
        }
    }
}
