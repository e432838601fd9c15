using AuthActors.Gateway.Hosting;
using AuthActors.Gateway.Import;

// `AuthActors.Gateway` serves; `AuthActors.Gateway import FILE` loads a credentials.txt and exits.
return args switch
{
    ["import", var file] => await CredentialsImportCommand.RunAsync(file, Console.Out),
    ["import", ..] => Usage(),
    [] => await GatewayHost.RunAsync(args),
    [var first, ..] when first.StartsWith('-') => await GatewayHost.RunAsync(args),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: AuthActors.Gateway            run the service");
    Console.Error.WriteLine("       AuthActors.Gateway import FILE  register the users of a credentials.txt (\"id password\" per line)");
    return 2;
}
