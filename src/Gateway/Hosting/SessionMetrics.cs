using System.Diagnostics.Metrics;
using AuthActors.Runtime.Diagnostics;

namespace AuthActors.Gateway.Hosting;

/// <summary>The online sessions (port 4225) this gateway holds, as <c>authactors.sessions.online</c>.</summary>
internal static class SessionMetrics
{
    private static readonly UpDownCounter<long> Online = AuthActorsMeter.Meter.CreateUpDownCounter<long>(
        "authactors.sessions.online", unit: "{session}", description: "Online sessions held by this gateway.");

    public static void Opened() => Online.Add(1);

    public static void Closed() => Online.Add(-1);
}
