using AuthActors.Runtime.Diagnostics;
using Microsoft.Extensions.Logging;

namespace AuthActors.Node.Hosting;

/// <summary>
/// The <c>journal</c> check of <c>/readyz</c>: a read from the database. Its answer is a status and a generic reason
/// only; why the database failed (host names, ports, driver messages) goes to the log, not to whoever can reach the
/// probe.
/// </summary>
public static class JournalReadiness
{
    /// <summary>What <c>/readyz</c> says when the journal does not answer.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>The check on <paramref name="storage"/>, logging each failure's cause.</summary>
    public static ReadinessCheck Check(NodeStorage storage, ILoggerFactory logs)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var logger = (logs ?? throw new ArgumentNullException(nameof(logs))).CreateLogger("AuthActors.Readiness");
        return new ReadinessCheck("journal", async token =>
        {
            try
            {
                await storage.CheckReachableAsync(token);
                return null;
            }
            catch (Exception error) when (!token.IsCancellationRequested)
            {
                logger.LogWarning(error, "Readiness check: the journal is unavailable");
                return Unavailable;
            }
        });
    }
}
