using System.Collections.Concurrent;
using AuthActors.Messages;
using AuthActors.Node.Hosting;
using AuthActors.Node.Passwords;
using AuthActors.Node.Users;
using AuthActors.Runtime.Configuration;

namespace AuthActors.Gateway.Import;

/// <summary>
/// <c>import FILE</c>: registers every user of a credentials file through the user entities (so each gets a proper
/// hash and a <c>registered</c> event), reports skipped lines by number, and prints a summary.
/// </summary>
internal static class CredentialsImportCommand
{
    public static async Task<int> RunAsync(string file, TextWriter output)
    {
        if (!File.Exists(file))
        {
            await output.WriteLineAsync($"import: {file} not found");
            return 1;
        }

        var (users, skipped) = CredentialsFile.Parse(await File.ReadAllLinesAsync(file));
        var configuration = new ConfigurationBuilder().AddAuthActorsRole("gateway").Build();
        var node = await EmbeddedNode.OpenAsync(configuration, CancellationToken.None);
        await using var storage = node.Storage;

        // Importing only registers users: no session opens, so no access token is ever signed.
        var services = new ServiceCollection().AddLogging()
            .AddSingleton<AccessTokenMinter>((_, _, _) => throw new InvalidOperationException("the import signs no tokens"))
            .AddAuthActorsNode(configuration, storage, node.Pepper);
        var failures = new ConcurrentBag<SkippedLine>();
        var imported = 0;
        await using (var provider = services.BuildServiceProvider())
        {
            var directory = provider.GetRequiredService<UserDirectory>();
            var workers = provider.GetRequiredService<HashingPool>().Workers;
            await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = workers }, async (user, ct) =>
            {
                var reply = await directory.AskAsync(new Register(user.UserId, user.Password, PasswordPolicyName.Imported), ct);
                if (reply is Registered)
                {
                    Interlocked.Increment(ref imported);
                }
                else if (reply is Rejected rejected)
                {
                    failures.Add(new SkippedLine(user.LineNumber, $"{user.UserId}: {string.Join("; ", rejected.Reasons)}"));
                }
            });
        }

        foreach (var line in skipped.Concat(failures).OrderBy(s => s.LineNumber))
        {
            await output.WriteLineAsync($"line {line.LineNumber}: skipped: {line.Reason}");
        }

        await output.WriteLineAsync($"imported {imported} users, skipped {skipped.Count + failures.Count} lines");
        return 0;
    }
}
