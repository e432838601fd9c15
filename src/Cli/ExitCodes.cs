namespace AuthActors.Cli;

/// <summary>What <c>authactors</c> exits with, for scripts.</summary>
internal static class ExitCodes
{
    /// <summary>The verb did what it was asked.</summary>
    public const int Done = 0;

    /// <summary>The service refused (bad credential, not an admin, invalid input) or the user or session does not exist.</summary>
    public const int Refused = 1;

    /// <summary>The command line itself is wrong: unknown verb or option, missing argument or credential, unreadable file.</summary>
    public const int BadUsage = 2;

    /// <summary>The service could not be reached or could not serve (connection refused, timeout, 5xx).</summary>
    public const int Unreachable = 3;
}

/// <summary>A verb that stops with an exit code and one line saying why (never a stack trace).</summary>
internal sealed class CliFailure(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
