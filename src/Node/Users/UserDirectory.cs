using AuthActors.Messages;
using AuthActors.Runtime.Diagnostics;
using AuthActors.Runtime.Entities;
using AuthActors.Runtime.Persistence;
using AuthActors.Runtime.Sharding;
using AuthActors.Runtime.Transport;

namespace AuthActors.Node.Users;

/// <summary>
/// How the edges talk to users: one call per command, always a reply. Lost infrastructure and overload become
/// rejections with stable codes here, so gateways map codes, never exceptions.
/// </summary>
/// <param name="router">Where the users live.</param>
/// <param name="gatewayId">
/// On a gateway, its member id: a command that changes a user and is sent for a client's request (one with a
/// <see cref="RequestLogScope"/>) travels <see cref="Audited"/> with the client's address and this id. Null on a
/// node, which passes on what gateways sent.
/// </param>
public sealed class UserDirectory(IEntityRouter router, string? gatewayId = null)
{
    private const int MaxReadResends = 2;

    /// <summary>Sends the command to the user's entity and returns its reply.</summary>
    public async Task<IUserReply> AskAsync(IUserCommand command, CancellationToken cancellationToken)
    {
        if (!UserId.IsValid(command.UserId))
        {
            return new Rejected(ErrorCode.InvalidInput, UserId.Rule);
        }

        // Every request about a user passes here: from now on its log lines name the user.
        RequestLogScope.MarkUser(command.UserId);
        if (gatewayId is not null && command is not (IReadOnlyUserCommand or Audited) && RequestLogScope.Current is { } request)
        {
            command = new Audited(command, new RequestOrigin(request.ClientAddress, gatewayId));
        }

        try
        {
            return await AskResendingReadsAsync(command, cancellationToken);
        }
        catch (Exception unavailable) when (unavailable is EntityUnavailableException or ShardUnavailableException)
        {
            AuthActorsMeter.Refused(unavailable is EntityUnavailableException ? "mailbox" : "shard-unavailable");
            return new Rejected(ErrorCode.Busy, "busy, try again", TimeSpan.FromSeconds(1));
        }
        catch (TimeoutException)
        {
            return new Rejected(ErrorCode.Busy, "the service did not answer in time, try again", TimeSpan.FromSeconds(1));
        }
        catch (PeerUnavailableException)
        {
            // The node holding the user went away with a command in flight; it may or may not have run, so a command
            // that changes state is not sent again on the caller's behalf.
            return new Rejected(ErrorCode.Busy, "the node holding this user went away, try again", TimeSpan.FromSeconds(1));
        }
        catch (Exception overloaded) when (overloaded is SendQueueFullException or RemoteFailureException)
        {
            if (overloaded is SendQueueFullException)
            {
                AuthActorsMeter.Refused("send-queue");
            }

            return new Rejected(ErrorCode.Busy, "busy, try again", TimeSpan.FromSeconds(1));
        }
        catch (EntityFailedException failed) when (failed.InnerException is StorageUnavailableException)
        {
            // The database is down or unreachable: nothing was acknowledged, the entity recovers from the journal
            // on its next message, and the caller may try again once the database is back.
            return new Rejected(ErrorCode.Busy, "storage unavailable, try again", TimeSpan.FromSeconds(1));
        }
        catch (EntityFailedException failed) when (failed.InnerException is JournalFencedException)
        {
            // The shard moved to another node while this request was in flight: nothing was stored, and a retry is
            // routed to the new owner.
            return new Rejected(ErrorCode.Busy, "the account moved to another node, try again", TimeSpan.FromSeconds(1));
        }
        catch (EntityFailedException)
        {
            return new Rejected(ErrorCode.Internal, "the request failed, try again");
        }
    }

    /// <summary>
    /// Asks the router; a read-only command whose node vanished with it in flight goes out again (the router waits
    /// for the next owner), since reading twice changes nothing. Bounded, so a cluster that keeps losing nodes still
    /// gets a clear answer.
    /// </summary>
    private async Task<IUserReply> AskResendingReadsAsync(IUserCommand command, CancellationToken cancellationToken)
    {
        for (var resends = 0; ; resends++)
        {
            try
            {
                return (IUserReply)await router.AskAsync(command.UserId, command, cancellationToken);
            }
            catch (PeerUnavailableException) when (command is IReadOnlyUserCommand && resends < MaxReadResends)
            {
                // Sent again below.
            }
        }
    }
}
