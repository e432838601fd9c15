using AuthActors.Gateway.Hosting;
using AuthActors.Gateway.Import;
using AuthActors.Runtime.Configuration;
using AuthActors.Runtime.Persistence;

// `AuthActors.Gateway` serves; `AuthActors.Gateway import FILE` loads a credentials.txt and exits.
try
{
    return args switch
    {
        ["import", var file] => await CredentialsImportCommand.RunAsync(file, Console.Out),
        ["import", ..] => Usage(),
        [] => await GatewayHost.RunAsync(args),
        [var first, ..] when first.StartsWith('-') => await GatewayHost.RunAsync(args),
        _ => Usage(),
    };
}
catch (Exception error) when (error is HoconFormatException or FileNotFoundException or InvalidOperationException
    or StorageUnavailableException)
{
    // Configuration and start-up mistakes get one clear line, not a stack trace.
    Console.Error.WriteLine($"authactors: cannot start: {error.Message}");
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine("usage: AuthActors.Gateway            run the service");
    Console.Error.WriteLine("       AuthActors.Gateway import FILE  register the users of a credentials.txt (\"id password\" per line)");
    return 2;
}
