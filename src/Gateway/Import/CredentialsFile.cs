namespace AuthActors.Gateway.Import;

/// <summary>One usable line of a credentials file.</summary>
internal sealed record CredentialLine(int LineNumber, string UserId, string Password);

/// <summary>A line that was skipped, and why.</summary>
internal sealed record SkippedLine(int LineNumber, string Reason);

/// <summary>
/// Parses the <c>credentials.txt</c> of the chat server this replaces: <c>username password</c> per line, separated
/// by whitespace. Pure: the caller reads the file. Blank lines and lines starting with <c>#</c> are ignored.
/// </summary>
internal static class CredentialsFile
{
    public static (IReadOnlyList<CredentialLine> Users, IReadOnlyList<SkippedLine> Skipped) Parse(IEnumerable<string> lines)
    {
        var users = new List<CredentialLine>();
        var skipped = new List<SkippedLine>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 2)
            {
                skipped.Add(new SkippedLine(number, "expected \"username password\""));
            }
            else if (!Messages.UserId.IsValid(fields[0]))
            {
                skipped.Add(new SkippedLine(number, $"invalid username: {Messages.UserId.Rule}"));
            }
            else if (!seen.Add(fields[0]))
            {
                skipped.Add(new SkippedLine(number, $"username {fields[0]} appears on an earlier line"));
            }
            else
            {
                users.Add(new CredentialLine(number, fields[0], fields[1]));
            }
        }

        return (users, skipped);
    }
}
