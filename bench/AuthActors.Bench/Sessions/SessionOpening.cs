namespace AuthActors.Bench.Sessions;

/// <summary>
/// Opens many idle sessions on one session port, a few at a time, each its own user signing up; every open client
/// then counts the lines it is sent until it is disposed. What <see cref="SessionScenario"/> does in its own process
/// and each <see cref="SessionClientsChild"/> does in its.
/// </summary>
internal sealed class SessionOpening(int count)
{
    private const string Password = "idle1234";

    private readonly SessionSocket?[] _clients = new SessionSocket?[count];
    private readonly List<Task> _counting = new(count);
    private int _opened;
    private int _failed;
    private string? _firstFailure;

    /// <summary>The lines every open client counted.</summary>
    public LineTally Lines { get; } = new();

    public int Opened => Volatile.Read(ref _opened);

    public int Failed => Volatile.Read(ref _failed);

    public string? FirstFailure => Volatile.Read(ref _firstFailure);

    /// <summary>
    /// Signs up <c>{prefix}0</c> to <c>{prefix}{count - 1}</c>, <paramref name="atOnce"/> at a time, each within 60 s;
    /// <paramref name="afterEach"/> runs after each attempt with its index. A failure is counted, not thrown.
    /// </summary>
    public async Task OpenAsync(int port, string prefix, int atOnce, Action<int>? afterEach, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = atOnce, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, _clients.Length), parallel, async (i, token) =>
        {
            try
            {
                using var oneOpen = CancellationTokenSource.CreateLinkedTokenSource(token);
                oneOpen.CancelAfter(TimeSpan.FromSeconds(60));
                var client = await SessionSocket.SignUpAsync(port, $"{prefix}{i}", Password, 2048, oneOpen.Token);
                _clients[i] = client;
                lock (_counting)
                {
                    _counting.Add(client.CountLinesUntilClosedAsync(Lines));
                }

                Interlocked.Increment(ref _opened);
            }
            catch (Exception error) when (!token.IsCancellationRequested)
            {
                Interlocked.Increment(ref _failed);
                Interlocked.CompareExchange(ref _firstFailure, $"{prefix}{i}: {error.GetType().Name}: {error.Message}", null);
            }

            afterEach?.Invoke(i);
        });
    }

    /// <summary>Disconnects every client and waits until each stopped counting.</summary>
    public async Task CloseAsync()
    {
        foreach (var client in _clients)
        {
            client?.Dispose();
        }

        Task[] counted;
        lock (_counting)
        {
            counted = [.. _counting];
        }

        await Task.WhenAll(counted);
    }
}
