using AuthActors.Gateway.Import;

namespace AuthActors.Gateway.Tests.Import;

public sealed class CredentialsFileTests
{
    [Fact]
    public void Parses_id_password_lines_and_reports_bad_ones_by_number()
    {
        var (users, skipped) = CredentialsFile.Parse(
        [
            "hans falcon*solo",
            "",
            "# a comment",
            "yoda wise@!man extra",
            "bad/id secret",
            "  vader   sithlord**  ",
            "hans again",
        ]);

        users.Select(u => (u.LineNumber, u.UserId, u.Password)).ShouldBe([(1, "hans", "falcon*solo"), (6, "vader", "sithlord**")]);
        skipped.Select(s => s.LineNumber).ShouldBe([4, 5, 7]);
        skipped[0].Reason.ShouldBe("expected \"username password\"");
    }
}
