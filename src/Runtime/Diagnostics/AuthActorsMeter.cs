using System.Diagnostics.Metrics;

namespace AuthActors.Runtime.Diagnostics;

/// <summary>
/// The one meter every instrument of the service is made on, and the instruments more than one project records to.
/// Instruments are static: recording costs nothing while no listener (the <see cref="PrometheusExporter"/>) listens.
/// </summary>
public static class AuthActorsMeter
{
    /// <summary>The meter's name, the one a listener subscribes to.</summary>
    public const string Name = "AuthActors";

    /// <summary>The meter.</summary>
    public static readonly Meter Meter = new(Name);

    private static readonly UpDownCounter<long> OpenConnections = Meter.CreateUpDownCounter<long>(
        "authactors.connections.open", description: "Connections open now, by port (login, session, http, transport, admin).");

    private static readonly Counter<long> RequestsRefused = Meter.CreateCounter<long>(
        "authactors.requests.refused", description: "Requests refused early because a bound was reached, by reason.");

    private static readonly UpDownCounter<long> LiveEntities = Meter.CreateUpDownCounter<long>(
        "authactors.entities.active", unit: "{entity}", description: "Live (not passivated) entities in this process.");

    /// <summary>An entity (a user) started: recovered and live in this process.</summary>
    public static void EntityStarted() => LiveEntities.Add(1);

    /// <summary>An entity stopped: passivated, handed off or failed.</summary>
    public static void EntityStopped() => LiveEntities.Add(-1);

    /// <summary>A connection to <paramref name="port"/> (a port's role, never a number or an address) opened.</summary>
    public static void ConnectionOpened(string port) => OpenConnections.Add(1, new KeyValuePair<string, object?>("port", port));

    /// <summary>A connection to <paramref name="port"/> closed.</summary>
    public static void ConnectionClosed(string port) => OpenConnections.Add(-1, new KeyValuePair<string, object?>("port", port));

    /// <summary>
    /// A request refused for overload: <paramref name="reason"/> names the bound (mailbox, hashing-queue, send-queue,
    /// connections-per-address, rate-limit, shard-wait), one of a few fixed words.
    /// </summary>
    public static void Refused(string reason) => RequestsRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
