using AuthActors.Gateway.Hosting;
using AuthActors.Node.Hosting;
using AuthActors.TestKit;
using Microsoft.Extensions.Logging;

namespace AuthActors.Gateway.Tests.Hosting;

/// <summary>A gateway inside the test process, on free ports, so a test can reach its services and its logs.</summary>
internal static class InProcessGateway
{
    /// <summary>
    /// The variables for <paramref name="dataDirectory"/>, with cheap hashing; with a fixed pepper and token key, or
    /// none so that the gateway generates them into the data directory.
    /// </summary>
    public static Dictionary<string, string> Variables(string dataDirectory, bool configuredSecrets = true)
    {
        var variables = new Dictionary<string, string>
        {
            ["AUTHACTORS_CONFIG"] = Path.Combine(RepositoryLayout.Root, "hocon"),
            ["AUTHACTORS_DATA"] = dataDirectory,
            ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000",
            ["AUTHACTORS_GATEWAY__TCP__PORT"] = "0",
            ["AUTHACTORS_GATEWAY__SESSION__PORT"] = "0",
            ["AUTHACTORS_GATEWAY__HTTP__PORT"] = "0",
        };
        if (configuredSecrets)
        {
            variables["AUTHACTORS_PEPPER"] = Convert.ToBase64String(new byte[32]);
            variables["AUTHACTORS_TOKEN_KEY"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        }

        return variables;
    }

    /// <summary>Starts the gateway; returns once its ports listen.</summary>
    public static Task<RunningHost> StartAsync(IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken, Action<ILoggingBuilder>? logging = null) =>
        GatewayHost.StartAsync(HostStart.InsideThisProcess(variables, logging ?? (_ => { })), cancellationToken);
}
