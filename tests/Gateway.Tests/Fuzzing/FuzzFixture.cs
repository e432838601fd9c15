using AuthActors.Gateway.Tests.Http;

namespace AuthActors.Gateway.Tests.Fuzzing;

/// <summary>A gateway of its own for fuzzing, with the per-address and per-account limits off so inputs reach deep.</summary>
public sealed class FuzzFixture : HttpFixture
{
    protected override Dictionary<string, string> Settings => new(base.Settings)
    {
        ["AUTHACTORS_GATEWAY__HTTP__REQUESTS_PER_SECOND_PER_ADDRESS"] = "0",
        ["AUTHACTORS_GATEWAY__HTTP__PASSWORD_ATTEMPTS_PER_MINUTE_PER_ACCOUNT"] = "0",
        ["AUTHACTORS_USERS__LOCKOUT__BLOCK_DURATION"] = "1s",
    };
}
