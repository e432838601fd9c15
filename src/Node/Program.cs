using AuthActors.Node.Hosting;
using AuthActors.Runtime.Configuration;
using AuthActors.Runtime.Persistence;

// `AuthActors.Node` runs a node of a cluster: it hosts the user shards whose leases it holds.
try
{
    return await NodeHost.RunAsync(args);
}
catch (Exception error) when (error is HoconFormatException or FileNotFoundException or InvalidOperationException or ArgumentException or StorageUnavailableException)
{
    // Configuration and start-up mistakes get one clear line, not a stack trace.
    Console.Error.WriteLine($"authactors-node: cannot start: {error.Message}");
    return 1;
}
