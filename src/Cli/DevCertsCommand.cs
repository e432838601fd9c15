using System.CommandLine;
using AuthActors.Runtime.Security;

namespace AuthActors.Cli;

/// <summary><c>dev-certs DIR</c>: a local CA and certificates for a local TLS setup; needs no running service.</summary>
internal static class DevCertsCommand
{
    public static Command Build(CliContext context)
    {
        var directory = new Argument<string>("DIR") { Description = "Where to write ca.pem, gateway.pem, gateway-key.pem, member.pem and member-key.pem (created if missing)" };
        var command = new Command("dev-certs", "Write a local CA and TLS certificates for the gateway and cluster members (localhost only; not for production)") { directory };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                foreach (var line in DevCertificates.Describe(DevCertificates.Write(parse.GetValue(directory)!)))
                {
                    await context.Output.WriteLineAsync(line.AsMemory(), cancellationToken);
                }

                return ExitCodes.Done;
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or ArgumentException)
            {
                await context.Error.WriteLineAsync($"authactors: cannot write the certificates: {failure.Message}");
                return ExitCodes.Refused;
            }
        });
        return command;
    }
}
