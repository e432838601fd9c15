using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AuthActors.Runtime.Diagnostics;

namespace AuthActors.Node.Passwords;

/// <summary>
/// Runs password hashing on a fixed set of threads, as many as cores by default, behind a bounded queue. Past the
/// bound a request is refused at once (<see cref="HashingPoolBusyException"/>) instead of making every login slower:
/// hashing is the one thing in the service that can saturate the CPU.
/// </summary>
public sealed class HashingPool : IDisposable
{
    // Every PBKDF2 run (a hash, a check, a decoy): what shows that refused attempts cost none.
    private static readonly Counter<long> Runs = AuthActorsMeter.Meter.CreateCounter<long>(
        "authactors.password.hashes", unit: "{hash}", description: "Password hashes computed (sign-ups, checks, rehashes, decoys for unknown ids).");

    private readonly BlockingCollection<Action> _queue;
    private readonly Thread[] _workers;

    /// <summary>Starts <paramref name="workers"/> threads (0 = one per core) and a queue of <paramref name="queueLimit"/>.</summary>
    public HashingPool(int workers, int queueLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queueLimit, 1);
        _queue = new BlockingCollection<Action>(new ConcurrentQueue<Action>(), queueLimit);
        _workers = new Thread[workers > 0 ? workers : Environment.ProcessorCount];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Thread(Work) { IsBackground = true, Name = $"password-hashing-{i}" };
            _workers[i].Start();
        }
    }

    /// <summary>The number of hashing threads.</summary>
    public int Workers => _workers.Length;

    /// <summary>Queues CPU-bound work and returns its result.</summary>
    /// <exception cref="HashingPoolBusyException">The queue is full.</exception>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Run()
        {
            if (cancellationToken.IsCancellationRequested)
            {
                result.TrySetCanceled(cancellationToken);
                return;
            }

            try
            {
                Runs.Add(1);
                result.TrySetResult(work());
            }
            catch (Exception error)
            {
                result.TrySetException(error);
            }
        }

        if (_queue.IsAddingCompleted || !_queue.TryAdd(Run))
        {
            throw new HashingPoolBusyException();
        }

        return result.Task;
    }

    /// <summary>Lets the threads finish the queue and stop.</summary>
    public void Dispose() => _queue.CompleteAdding();

    // Dedicated threads block on the queue by design: they exist only to run hashes.
    private void Work()
    {
        foreach (var work in _queue.GetConsumingEnumerable())
        {
            work();
        }
    }
}

/// <summary>Every hashing thread is busy and the queue is full: the caller should try again shortly.</summary>
public sealed class HashingPoolBusyException() : Exception("password hashing is at capacity");
