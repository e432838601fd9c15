using AuthActors.Node.Passwords;
using AuthActors.Runtime.Configuration;
using Microsoft.Extensions.Configuration;

namespace AuthActors.Node.Hosting;

/// <summary>
/// What a process that hosts users itself opens before its host starts: the data directory, the pepper and the
/// storage. Shared by the service and the import command so both read the same data the same way.
/// </summary>
public sealed record EmbeddedNode(string DataDirectory, byte[] Pepper, bool PepperGenerated, NodeStorage Storage)
{
    /// <summary>
    /// Resolves the data directory (by <paramref name="variables"/>; null: the process environment), loads or
    /// generates the pepper, opens and migrates the storage.
    /// </summary>
    public static async Task<EmbeddedNode> OpenAsync(IConfiguration configuration, CancellationToken cancellationToken, HostVariables? variables = null)
    {
        var dataDirectory = Hosting.DataDirectory.Resolve(variables);
        var hashing = configuration.GetSection("users:hashing").Get<PasswordHashingOptions>() ?? new PasswordHashingOptions();
        var (pepper, generated) = PepperStore.Load(hashing.Pepper, dataDirectory);
        var storageOptions = configuration.GetSection("storage").Get<StorageOptions>() ?? new StorageOptions();
        var storage = await NodeStorage.OpenAsync(storageOptions, dataDirectory, cancellationToken);
        return new EmbeddedNode(dataDirectory, pepper, generated, storage);
    }
}
