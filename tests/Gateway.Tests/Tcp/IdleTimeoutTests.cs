namespace AuthActors.Gateway.Tests.Tcp;

public sealed class ShortIdleTimeoutFixture : GatewayFixture
{
    protected override Dictionary<string, string> Settings => new(base.Settings)
    {
        ["AUTHACTORS_GATEWAY__TCP__IDLE_TIMEOUT"] = "1s",
    };
}

public sealed class IdleTimeoutTests(ShortIdleTimeoutFixture fixture) : IClassFixture<ShortIdleTimeoutFixture>
{
    [Fact]
    public async Task An_idle_connection_is_told_and_closed()
    {
        await using var client = await fixture.ConnectAsync();
        (await client.ReadLineAsync()).ShouldBe("enter your id");
        (await client.ReadLineAsync()).ShouldBe("<<close>>closing idle connection");
        (await client.ReadLineAsync()).ShouldBeNull();
    }
}
