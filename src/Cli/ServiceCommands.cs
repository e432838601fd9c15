using System.CommandLine;

namespace AuthActors.Cli;

/// <summary><c>keys rotate</c> and <c>cluster status</c>: the service rather than one user.</summary>
internal static class ServiceCommands
{
    public static Command Keys(CliContext context)
    {
        var rotate = new Command("rotate", "Sign tokens with a new key from now; the old key stays in the JWKS until the tokens it signed have expired");
        context.OnRun(rotate, async (parse, client, ct) =>
        {
            var answer = (await client.SendAsync(HttpMethod.Post, "/api/admin/keys/rotate", null, ct))!;
            if (await context.PrintedAsJsonAsync(parse, answer))
            {
                return;
            }

            await context.Output.WriteLineAsync($"signing with key {CliContext.Cell(answer["kid"])}");
            var table = new Table("KID", "CREATED", "PUBLISHED UNTIL");
            foreach (var key in answer["published"]!.AsArray())
            {
                table.Add(CliContext.Cell(key!["kid"]), CliContext.Cell(key["created_at"]), CliContext.Cell(key["published_until"]) ?? "signing");
            }

            await table.WriteAsync(context.Output);
        });
        return new Command("keys", "The token signing keys") { rotate };
    }

    public static Command Cluster(CliContext context)
    {
        var status = new Command("status", "The members of the cluster, their state, and the shards each holds");
        context.OnRun(status, async (parse, client, ct) =>
        {
            var answer = await client.GetAsync("/api/admin/cluster", ct);
            if (await context.PrintedAsJsonAsync(parse, answer))
            {
                return;
            }

            if (CliContext.Cell(answer["mode"]) == "embedded")
            {
                await context.Output.WriteLineAsync($"embedded: the gateway at {client.Url} holds every user itself ({CliContext.Cell(answer["shard_count"])} shards)");
                return;
            }

            var table = new Table("MEMBER", "STATUS", "ROLES", "SHARDS", "ADDRESS");
            foreach (var member in answer["members"]!.AsArray())
            {
                table.Add(CliContext.Cell(member!["id"]), CliContext.Cell(member["status"]), CliContext.Cell(member["roles"]),
                    CliContext.Cell(member["shards"]), CliContext.Cell(member["address"]));
            }

            await table.WriteAsync(context.Output);
            await context.Output.WriteLineAsync($"{CliContext.Cell(answer["shards_owned"])} of {CliContext.Cell(answer["shard_count"])} shards have an owner");
        });
        return new Command("cluster", "The cluster") { status };
    }
}
