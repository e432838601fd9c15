using AuthActors.Messages;
using AuthActors.Node.Users;
using AuthActors.Runtime.Sharding;
using AuthActors.Runtime.Transport;

namespace AuthActors.Node.Tests.Users;

/// <summary>
/// When the node holding a user dies with a request in flight, a read is sent again and a write is not: a failed
/// login must never be counted twice, and a question like "does this user exist" must not fail for it.
/// </summary>
public sealed class UserDirectoryResendTests
{
    [Fact]
    public async Task A_read_whose_node_vanished_in_flight_is_sent_again()
    {
        var router = new VanishesOnce(new UserStatus("alice", Exists: true));
        var reply = await new UserDirectory(router).AskAsync(new GetUserStatus("alice"), TestContext.Current.CancellationToken);

        reply.ShouldBe(new UserStatus("alice", Exists: true));
        router.Sends.ShouldBe(2);
    }

    [Fact]
    public async Task A_write_whose_node_vanished_in_flight_is_not_sent_again()
    {
        var router = new VanishesOnce(new UserStatus("alice", Exists: true));
        var reply = await new UserDirectory(router).AskAsync(
            new Authenticate("alice", new Secret("wrong1")), TestContext.Current.CancellationToken);

        reply.ShouldBeOfType<Rejected>().Code.ShouldBe(ErrorCode.Busy);
        router.Sends.ShouldBe(1);
    }

    [Fact]
    public async Task A_read_gets_a_clear_answer_when_nodes_keep_vanishing()
    {
        var router = new VanishesOnce(new UserStatus("alice", Exists: true), vanishings: int.MaxValue);
        var reply = await new UserDirectory(router).AskAsync(new GetUserStatus("alice"), TestContext.Current.CancellationToken);

        reply.ShouldBeOfType<Rejected>().Code.ShouldBe(ErrorCode.Busy);
        router.Sends.ShouldBe(3);
    }

    /// <summary>A router whose first sends reach a node that dies before it answers.</summary>
    private sealed class VanishesOnce(IUserReply answer, int vanishings = 1) : IEntityRouter
    {
        public int Sends { get; private set; }

        public Task<object> AskAsync(string entityId, object message, CancellationToken cancellationToken)
        {
            Sends++;
            return Sends <= vanishings
                ? Task.FromException<object>(new PeerUnavailableException("the connection to node-1 dropped"))
                : Task.FromResult<object>(answer);
        }
    }
}
