using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests;

/// <summary>One real gateway process per test class, on its own data directory; tests use their own user ids.</summary>
public class GatewayFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new();

    public GatewayProcess Gateway { get; private set; } = null!;

    public string DataDirectory => _data.Path;

    /// <summary>Settings for the process; cheap hashing so tests stay fast (hashing cost is a benchmark matter).</summary>
    protected virtual Dictionary<string, string> Settings => new()
    {
        ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000",
        ["AUTHACTORS_GATEWAY__TCP__MAX_CONNECTIONS_PER_ADDRESS"] = "24",
    };

    public virtual async ValueTask InitializeAsync() => Gateway = await GatewayProcess.StartAsync(_data.Path, Settings);

    public virtual async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        _data.Dispose();
        GC.SuppressFinalize(this);
    }

    public Task<LineClient> ConnectAsync() => LineClient.ConnectAsync(Gateway.Port);

    /// <summary>A user id no other test uses.</summary>
    public static string NewId(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];
}
