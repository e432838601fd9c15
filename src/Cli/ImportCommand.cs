using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using AuthActors.Gateway.Import;

namespace AuthActors.Cli;

/// <summary>
/// <c>import FILE</c>: registers the users of a credentials.txt (<c>id password</c> per line) through the running
/// service's admin API, in batches, with a progress bar; then every line not imported with its number, and a summary.
/// The file is parsed here, so a bad line is reported without sending it.
/// </summary>
internal static class ImportCommand
{
    // At most fifty users and about 12 KB of JSON per request: inside the API's 16 KiB body limit (gateway.http.max-body-size)
    // whatever the passwords' length.
    private const int Batch = 50;
    private const int BatchBytes = 12_000;

    public static Command Build(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "A credentials.txt: \"id password\" per line; blank lines and # comments are skipped" };
        var command = new Command("import", "Register the users of a credentials.txt with their passwords (hashed by the service)") { file };
        context.OnRun(command, async (parse, client, ct) =>
        {
            var path = parse.GetValue(file)!;
            string[] lines;
            try
            {
                lines = await File.ReadAllLinesAsync(path, ct);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new CliFailure(ExitCodes.BadUsage, $"cannot read {path}: {error.Message}");
            }

            var (parsed, skipped) = CredentialsFile.Parse(lines);
            var failures = skipped.Select(s => (s.LineNumber, s.Reason)).ToList();
            // A line no request could carry is reported here; the service would refuse such a password anyway.
            failures.AddRange(parsed.Where(u => SizeOf(u) > BatchBytes).Select(u => (u.LineNumber, $"{u.UserId}: the password is too long")));
            var users = parsed.Where(u => SizeOf(u) <= BatchBytes).ToList();
            var imported = 0;
            var progress = new ProgressBar(context.Error, users.Count);
            foreach (var batch in Batches(users))
            {
                var body = new JsonObject
                {
                    ["users"] = new JsonArray([.. batch.Select(u => (JsonNode)new JsonObject { ["line"] = u.LineNumber, ["id"] = u.UserId, ["password"] = u.Password })]),
                };
                var answer = (await client.SendAsync(HttpMethod.Post, "/api/admin/import", body, ct))!;
                imported += answer["imported"]!.GetValue<int>();
                failures.AddRange(answer["failures"]!.AsArray().Select(f =>
                    (f!["line"]!.GetValue<int>(), $"{CliContext.Cell(f["id"])}: {CliContext.Cell(f["reason"])}")));
                await progress.AdvanceAsync(batch.Length);
            }

            await progress.DoneAsync();
            foreach (var (line, reason) in failures.OrderBy(f => f.Item1))
            {
                await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"line {line}: skipped: {reason}"));
            }

            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"imported {imported} users, skipped {failures.Count} lines"));
        });
        return command;
    }

    // The most JSON one entry can take: field names and punctuation, and each string at six bytes per UTF-8 byte (the
    // longest escape, \uXXXX).
    private static int SizeOf(CredentialLine user) =>
        48 + (6 * System.Text.Encoding.UTF8.GetByteCount(user.UserId)) + (6 * System.Text.Encoding.UTF8.GetByteCount(user.Password));

    private static IEnumerable<CredentialLine[]> Batches(IReadOnlyList<CredentialLine> users)
    {
        var batch = new List<CredentialLine>();
        var bytes = 0;
        foreach (var user in users)
        {
            var size = SizeOf(user);
            if (batch.Count > 0 && (batch.Count == Batch || bytes + size > BatchBytes))
            {
                yield return [.. batch];
                batch.Clear();
                bytes = 0;
            }

            batch.Add(user);
            bytes += size;
        }

        if (batch.Count > 0)
        {
            yield return [.. batch];
        }
    }
}
