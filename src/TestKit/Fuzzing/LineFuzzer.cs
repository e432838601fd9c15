using System.Text;

namespace AuthActors.TestKit.Fuzzing;

/// <summary>
/// Mutated lines on the login port (dialog and command mode) and on the session port (after a sign-up). The rules:
/// every line gets an answer line, or the connection closes after saying why; no answer is a 500; the server is
/// still up at the end. Each case is a new connection with one to four lines.
/// </summary>
public static class LineFuzzer
{
    private const string KnownUser = "fuzz-known";

    private static readonly string[] LoginSeeds =
    [
        $"LOGIN {KnownUser} pass1word", "ADD fuzz-new pass1word", $"UPDATE {KnownUser} pass1word pass2word", $"DELETE {KnownUser} x",
        $"TOKEN {KnownUser} pass1word", "REFRESH rt1.ZnV6ei1rbm93bg.AAAAAAAAAAAAAAAAAAAAAA.AAAA", "REVOKE rt1.a.b.c all", "QUIT",
        KnownUser, "fuzz-new", "pass1word", "",
    ];

    private static readonly string[] SessionSeeds =
    [
        $"message {KnownUser} hello there", "broadcast hello everyone", "whoelse", "whoelsesince 60", $"block {KnownUser}",
        $"unblock {KnownUser}", $"startprivate {KnownUser} 5555", $"accept {KnownUser} 5555", $"decline {KnownUser}",
        $"stopprivate {KnownUser}", $"private {KnownUser} hi", "logout", "",
    ];

    /// <summary>Fuzzes the login port for <paramref name="budget"/>.</summary>
    public static async Task<FuzzReport> LoginPortAsync(int port, int seed, TimeSpan budget)
    {
        await EnsureKnownUserAsync(port);
        var mutator = new Mutator(seed);
        var tally = new FuzzTally("login port (4224): dialog and command mode");
        var until = DateTime.UtcNow + budget;
        while (DateTime.UtcNow < until)
        {
            await using var client = await LineClient.ConnectAsync(port);
            await client.ReadLineAsync();
            await ExchangeAsync(client, mutator, LoginSeeds, mutator.Below(3) + 1, tally);
        }

        return tally.Report();
    }

    /// <summary>Fuzzes the session port for <paramref name="budget"/>, each case in a new user's session.</summary>
    public static async Task<FuzzReport> SessionPortAsync(int loginPort, int sessionPort, int seed, TimeSpan budget)
    {
        await EnsureKnownUserAsync(loginPort);
        var mutator = new Mutator(seed);
        var tally = new FuzzTally("session port (4225): session commands");
        var until = DateTime.UtcNow + budget;
        for (var n = 0; DateTime.UtcNow < until; n++)
        {
            await using var client = await SignUpAsync(sessionPort, $"fz{seed}-{n}-{Guid.NewGuid():N}"[..20]);
            await ExchangeAsync(client, mutator, SessionSeeds, mutator.Below(4) + 1, tally);
        }

        return tally.Report();
    }

    private static async Task ExchangeAsync(LineClient client, Mutator mutator, string[] seeds, int lines, FuzzTally tally)
    {
        var transcript = new List<string>();
        for (var i = 0; i < lines; i++)
        {
            var input = mutator.Next(seeds).Where(b => b != (byte)'\n').Append((byte)'\n').ToArray();
            transcript.Add("> " + Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 256))));
            tally.Tried();
            string? answer;
            try
            {
                await client.SendRawAsync(input);
                answer = await client.ReadLineAsync(TimeSpan.FromSeconds(15));
            }
            catch (IOException)
            {
                // The server closed while we wrote: it had said why on an earlier line.
                return;
            }

            if (answer is null || answer.Contains("ERR 500", StringComparison.Ordinal) || answer.Contains("unexpected", StringComparison.Ordinal))
            {
                tally.Failed($"seed {mutator.Seed}: {string.Join(" | ", transcript)} < {answer ?? "(closed without a word)"}");
                return;
            }

            transcript.Add("< " + answer);
            tally.Answered(KindOf(answer));
            if (answer.StartsWith("<<close>>", StringComparison.Ordinal) || answer.StartsWith("ERR 413", StringComparison.Ordinal) || answer == "OK bye")
            {
                return;
            }
        }
    }

    // An answer without what varies in it ("ERR 400 usage", "invalid id", "<id> logged"): words with a digit or a dash
    // are ids, counters or seconds.
    private static string KindOf(string answer)
    {
        var words = answer.Replace("<<close>>", "", StringComparison.Ordinal).Split(' ', 4, StringSplitOptions.RemoveEmptyEntries)
            .Select((word, i) => i > 0 || word != "ERR" ? word.Any(c => char.IsDigit(c) || c == '-') && !word.All(char.IsDigit) ? "<id>" : word : word)
            .ToArray();
        return words.Length == 0 ? "(empty)" : string.Join(' ', words.Take(words[0] == "ERR" ? 3 : 2)).TrimEnd(':', '.', ',');
    }

    private static async Task EnsureKnownUserAsync(int port)
    {
        await using var client = await LineClient.ConnectAsync(port);
        await client.ReadLineAsync();
        var added = await client.AskAsync($"ADD {KnownUser} pass1word");
        if (added != $"OK added user:{KnownUser}" && added != "ERR 409 id already taken")
        {
            throw new InvalidOperationException($"could not set up {KnownUser}: {added}");
        }
    }

    private static async Task<LineClient> SignUpAsync(int sessionPort, string id)
    {
        var client = await LineClient.ConnectAsync(sessionPort);
        var said = new StringBuilder();
        said.Append(await client.ReadLineAsync()).Append(" | ").Append(await client.AskAsync(id)).Append(" | ")
            .Append(await client.AskAsync("pass1word")).Append(" | ");
        var welcome = await client.ReadLineAsync();
        if (welcome != $"welcome {id}")
        {
            await client.DisposeAsync();
            throw new InvalidOperationException($"sign-up on the session port failed: {said}{welcome}");
        }

        return client;
    }
}
