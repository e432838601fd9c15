namespace AuthActors.Cli;

/// <summary>
/// The admin's id and password: from <c>--user</c> and <c>--password-file</c>, else from the environment
/// (<c>AUTHACTORS_ADMIN_USER</c>, or the service's own <c>AUTHACTORS_ADMIN_ID</c>, and <c>AUTHACTORS_ADMIN_PASSWORD</c>).
/// Never an option holding the password itself: command lines end up in shell histories and process lists.
/// </summary>
internal sealed record AdminCredential(string User, string Password)
{
    public static AdminCredential Resolve(string? user, string? passwordFile, Func<string, string?> environment)
    {
        user ??= Blank(environment("AUTHACTORS_ADMIN_USER")) ?? Blank(environment("AUTHACTORS_ADMIN_ID"));
        if (user is null)
        {
            throw new CliFailure(ExitCodes.BadUsage, "no admin id: give --user or set AUTHACTORS_ADMIN_USER");
        }

        string? password;
        if (passwordFile is not null)
        {
            try
            {
                // The first line: a file written by `echo` ends with a newline that is not part of the password.
                password = File.ReadLines(passwordFile).FirstOrDefault();
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new CliFailure(ExitCodes.BadUsage, $"cannot read the password file {passwordFile}: {error.Message}");
            }
        }
        else
        {
            password = environment("AUTHACTORS_ADMIN_PASSWORD");
        }

        return string.IsNullOrEmpty(password)
            ? throw new CliFailure(ExitCodes.BadUsage, "no admin password: give --password-file or set AUTHACTORS_ADMIN_PASSWORD")
            : new AdminCredential(user, password);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <inheritdoc />
    public override string ToString() => $"AdminCredential {{ User = {User}, Password = *** }}";
}
