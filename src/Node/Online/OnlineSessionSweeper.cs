using AuthActors.Messages;
using AuthActors.Node.Projections;
using AuthActors.Node.Users;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuthActors.Node.Online;

/// <summary>What the sweeper needs to know about where it runs.</summary>
/// <param name="LiveGateways">The gateways whose sessions count as online, as of now; null while that is not known
/// reliably (an old membership view), in which case the round is skipped rather than closing live sessions.</param>
/// <param name="HostsUser">True for users this process hosts: each user's sessions are closed by its own host only.</param>
/// <param name="AnnounceLogout">Tells the online users that a user logged out, except whom that user blocks.</param>
public sealed record SweeperSite(
    Func<IReadOnlyList<string>?> LiveGateways,
    Func<string, bool> HostsUser,
    Func<string, IReadOnlyList<string>, Task> AnnounceLogout);

/// <summary>
/// Closes the online sessions of gateways that died: a killed gateway logs nobody out, so without this its users
/// would stay online in the journal until their next message. Every <c>users.online.sweep-every</c> it asks the
/// presence read model for sessions held by gateways that are not live, and closes those of the users hosted here
/// (<c>gateway gone</c>), each by its own user entity, so the closing is an event like any logout; then the other
/// users are told the user logged out.
/// </summary>
public sealed class OnlineSessionSweeper(
    PresenceProjection presence, UserDirectory users, SweeperSite site, OnlineOptions options, ILogger<OnlineSessionSweeper> logger)
    : BackgroundService
{
    /// <summary>One round; how many sessions it closed.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        if (site.LiveGateways() is not { } live)
        {
            return 0;
        }

        var closed = 0;
        foreach (var (userId, holder) in await presence.OrphanedSessionsAsync(live, cancellationToken))
        {
            if (!site.HostsUser(userId))
            {
                continue;
            }

            var reply = await users.AskAsync(new CloseOnlineSession(userId, holder, OnlineDecider.GatewayGone), cancellationToken);
            if (reply is OnlineSessionClosed { WasOpen: true } done)
            {
                closed++;
                logger.LogInformation("Closed the online session {Connection} of {UserId}: gateway {Gateway} is gone", holder.ConnectionId, userId, holder.GatewayId);
                await site.AnnounceLogout(userId, done.Blocked);
            }
        }

        return closed;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SweepEvery);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // A busy user, a slow database: the next round tries again.
                logger.LogWarning(error, "Sweeping the sessions of dead gateways failed");
            }
        }
        while (await Next(timer, stoppingToken));
    }

    private static async Task<bool> Next(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
