using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace AuthActors.Cli;

/// <summary><c>users list|show|history|ban|unban|unlock|delete</c>: the admin API's user endpoints.</summary>
internal static class UsersCommand
{
    public static Command Build(CliContext context)
    {
        var users = new Command("users", "List, inspect and act on user accounts");
        users.Add(List(context));
        users.Add(Show(context));
        users.Add(History(context));
        users.Add(Act(context, "ban", "Ban the account: logins are refused and every session ends", "banned"));
        users.Add(Act(context, "unban", "Lift a ban", "unbanned"));
        users.Add(Act(context, "unlock", "End a lock-out and clear the failure count", "unlocked"));
        users.Add(Act(context, "delete", "Delete the account; the id is free again at once", "deleted"));
        return users;
    }

    private static Argument<string> UserId() => new("ID") { Description = "The user's id" };

    private static Command List(CliContext context)
    {
        var status = new Option<string>("--status") { Description = "Only users with this status" };
        status.AcceptOnlyFromAmong("all", "active", "locked", "banned", "withdrawn");
        var prefix = new Option<string>("--prefix") { Description = "Only ids that start with this" };
        var page = new Option<int>("--page") { Description = "The page, from 1", DefaultValueFactory = _ => 1 };
        var pageSize = new Option<int>("--page-size") { Description = "Users per page, 1-200", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "Users by id, paged, filtered by status and id prefix") { status, prefix, page, pageSize };
        context.OnRun(command, async (parse, client, ct) =>
        {
            var query = $"?page={parse.GetValue(page)}&page_size={parse.GetValue(pageSize)}"
                + (parse.GetValue(status) is { } s ? $"&status={s}" : "")
                + (parse.GetValue(prefix) is { } p ? $"&prefix={Uri.EscapeDataString(p)}" : "");
            var answer = await client.GetAsync("/api/admin/users" + query, ct);
            if (await context.PrintedAsJsonAsync(parse, answer))
            {
                return;
            }

            var table = new Table("ID", "STATUS", "CREATED", "LAST LOGIN", "LOCKED UNTIL");
            foreach (var user in answer["users"]!.AsArray())
            {
                table.Add(CliContext.Cell(user!["id"]), CliContext.Cell(user["status"]), CliContext.Cell(user["created_at"]),
                    CliContext.Cell(user["last_login_at"]), CliContext.Cell(user["locked_until"]));
            }

            await table.WriteAsync(context.Output);
            var total = answer["total"]!.GetValue<int>();
            var size = answer["page_size"]!.GetValue<int>();
            await context.Output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture, $"page {answer["page"]} of {Math.Max(1, (total + size - 1) / size)}, {total} users"));
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var id = UserId();
        var command = new Command("show", "One user's account: status, roles, last login, failures, sessions") { id };
        context.OnRun(command, async (parse, client, ct) =>
        {
            var answer = await client.GetAsync($"/api/admin/users/{CliContext.Segment(parse.GetValue(id)!)}", ct);
            if (await context.PrintedAsJsonAsync(parse, answer))
            {
                return;
            }

            var table = new Table("FIELD", "VALUE");
            foreach (var (name, value) in answer.AsObject())
            {
                table.Add(name, CliContext.Cell(value));
            }

            await table.WriteAsync(context.Output);
        });
        return command;
    }

    private static Command History(CliContext context)
    {
        var id = UserId();
        var before = new Option<long?>("--before") { Description = "Only events older than this sequence number (the next_before of the page before)" };
        var limit = new Option<int>("--limit") { Description = "Events per page, 1-200", DefaultValueFactory = _ => 50 };
        var command = new Command("history", "The user's audit trail, newest first: time, kind, source address, gateway") { id, before, limit };
        context.OnRun(command, async (parse, client, ct) =>
        {
            var query = $"?limit={parse.GetValue(limit)}" + (parse.GetValue(before) is { } b ? $"&before={b}" : "");
            var answer = await client.GetAsync($"/api/admin/users/{CliContext.Segment(parse.GetValue(id)!)}/history{query}", ct);
            if (await context.PrintedAsJsonAsync(parse, answer))
            {
                return;
            }

            var table = new Table("SEQ", "AT", "KIND", "SOURCE", "GATEWAY", "WHAT");
            foreach (var e in answer["events"]!.AsArray())
            {
                table.Add(CliContext.Cell(e!["sequence"]), CliContext.Cell(e["at"]), CliContext.Cell(e["kind"]),
                    CliContext.Cell(e["source_address"]), CliContext.Cell(e["gateway"]), CliContext.Cell(e["description"]));
            }

            await table.WriteAsync(context.Output);
            if (answer["next_before"] is { } next)
            {
                await context.Output.WriteLineAsync($"older events: --before {next}");
            }
        });
        return command;
    }

    private static Command Act(CliContext context, string verb, string description, string done)
    {
        var id = UserId();
        var command = new Command(verb, description) { id };
        var reason = new Option<string>("--reason") { Description = "Why (shown to the user when they try to log in; at most 200 characters)" };
        if (verb == "ban")
        {
            command.Add(reason);
        }

        context.OnRun(command, async (parse, client, ct) =>
        {
            var user = parse.GetValue(id)!;
            var path = $"/api/admin/users/{CliContext.Segment(user)}";
            var answer = verb switch
            {
                "delete" => await client.SendAsync(HttpMethod.Delete, path, null, ct),
                "ban" => await client.SendAsync(HttpMethod.Post, path + "/ban", new JsonObject { ["reason"] = parse.GetValue(reason) }, ct),
                _ => await client.SendAsync(HttpMethod.Post, $"{path}/{verb}", null, ct),
            };
            if (answer is not null && await context.PrintedAsJsonAsync(parse, answer))
            {
                return;
            }

            await context.Output.WriteLineAsync(answer?["status"] is { } status ? $"{done} {user} (status: {CliContext.Cell(status)})" : $"{done} {user}");
        });
        return command;
    }
}
