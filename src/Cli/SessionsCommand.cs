using System.CommandLine;

namespace AuthActors.Cli;

/// <summary><c>sessions list|end</c>: a user's sessions (refresh-token families).</summary>
internal static class SessionsCommand
{
    public static Command Build(CliContext context)
    {
        var sessions = new Command("sessions", "A user's sessions");
        sessions.Add(List(context));
        sessions.Add(End(context));
        return sessions;
    }

    private static Command List(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "The user's id" };
        var command = new Command("list", "The user's live sessions: client, when started and last used, from where") { id };
        context.OnRun(command, async (parse, client, ct) =>
        {
            var answer = await client.GetAsync($"/api/admin/users/{CliContext.Segment(parse.GetValue(id)!)}/sessions", ct);
            if (await context.PrintedAsJsonAsync(parse, answer))
            {
                return;
            }

            var table = new Table("SESSION", "CLIENT", "STARTED", "LAST USED", "FROM", "EXPIRES");
            foreach (var s in answer.AsArray())
            {
                table.Add(CliContext.Cell(s!["id"]), CliContext.Cell(s["client"]), CliContext.Cell(s["started_at"]),
                    CliContext.Cell(s["last_used_at"]), CliContext.Cell(s["from"]), CliContext.Cell(s["expires_at"]));
            }

            await table.WriteAsync(context.Output);
        });
        return command;
    }

    private static Command End(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "The user's id" };
        var session = new Argument<string?>("SESSION") { Description = "The session to end (from sessions list); every session when left out", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("end", "End one session of the user, or all of them") { id, session };
        context.OnRun(command, async (parse, client, ct) =>
        {
            var user = parse.GetValue(id)!;
            var path = $"/api/admin/users/{CliContext.Segment(user)}/sessions";
            if (parse.GetValue(session) is { } one)
            {
                await client.SendAsync(HttpMethod.Delete, $"{path}/{CliContext.Segment(one)}", null, ct);
                await context.Output.WriteLineAsync($"ended session {one} of {user}");
                return;
            }

            var answer = await client.SendAsync(HttpMethod.Delete, path, null, ct);
            if (answer is not null && await context.PrintedAsJsonAsync(parse, answer))
            {
                return;
            }

            await context.Output.WriteLineAsync($"ended {CliContext.Cell(answer?["sessions_ended"]) ?? "0"} sessions of {user}");
        });
        return command;
    }
}
