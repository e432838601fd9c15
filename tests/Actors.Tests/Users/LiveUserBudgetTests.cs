using AuthActors.Node.Users;

namespace AuthActors.Actors.Tests.Users;

/// <summary>The bound on live users: past it, the least recently active user (never the newcomer) makes room.</summary>
public sealed class LiveUserBudgetTests : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public void Past_the_bound_the_least_recently_active_user_is_chosen()
    {
        var budget = new LiveUserBudget(2);
        var (a, b, c) = (CreateTestProbe().Ref, CreateTestProbe().Ref, CreateTestProbe().Ref);
        budget.Touched(a).ShouldBeNull();
        budget.Touched(b).ShouldBeNull();
        budget.Touched(a).ShouldBeNull();

        budget.Touched(c).ShouldBe(b);
        budget.Live.ShouldBe(2);
    }

    [Fact]
    public void A_stopped_user_leaves_room_and_is_never_chosen()
    {
        var budget = new LiveUserBudget(2);
        var (a, b, c) = (CreateTestProbe().Ref, CreateTestProbe().Ref, CreateTestProbe().Ref);
        budget.Touched(a);
        budget.Touched(b);
        budget.Stopped(a);

        budget.Touched(c).ShouldBeNull();
        budget.Live.ShouldBe(2);
    }

    [Fact]
    public void A_bound_of_one_never_chooses_the_newcomer()
    {
        var budget = new LiveUserBudget(1);
        var (a, b) = (CreateTestProbe().Ref, CreateTestProbe().Ref);
        budget.Touched(a).ShouldBeNull();
        budget.Touched(b).ShouldBe(a);
        budget.Touched(b).ShouldBeNull();
    }
}
