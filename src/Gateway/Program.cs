using AuthActors.Gateway.Client;
using AuthActors.Gateway.Hosting;
using AuthActors.Gateway.Import;
using AuthActors.Gateway.Status;
using AuthActors.Runtime.Configuration;
using AuthActors.Runtime.Persistence;
using AuthActors.Runtime.Security;

// `AuthActors.Gateway` serves; `AuthActors.Gateway import FILE` loads a credentials.txt and exits;
// `AuthActors.Gateway client` talks to a session port; `AuthActors.Gateway cluster-status` prints the members;
// `AuthActors.Gateway dev-certs DIR` writes certificates for a local TLS setup.
try
{
    return args switch
    {
        ["import", var file] => await CredentialsImportCommand.RunAsync(file, Console.Out),
        ["import", ..] => Usage(),
        ["client", .. var options] => await RunClientAsync(options),
        ["cluster-status"] => await ClusterStatusCommand.RunAsync(Console.Out),
        ["dev-certs", var directory] => WriteDevCertificates(directory),
        ["dev-certs", ..] => Usage(),
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

static async Task<int> RunClientAsync(string[] options)
{
    var (host, port) = ("127.0.0.1", 4225);
    var (tls, authority) = (false, (string?)null);
    for (var i = 0; i < options.Length; i += 2)
    {
        switch (options[i..])
        {
            case ["--tls", ..]:
                tls = true;
                i--;
                break;
            case ["--ca", var file, ..]:
                (tls, authority) = (true, file);
                break;
            case ["--host", var value, ..]:
                host = value;
                break;
            case ["--port", var value, ..] when int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var number) && number is > 0 and < 65536:
                port = number;
                break;
            default:
                return Usage();
        }
    }

    // Raw standard streams: the console's own reader and writer share locks that a blocked read would hold.
    using var input = new StreamReader(Console.OpenStandardInput(), System.Text.Encoding.UTF8);
    await using var output = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false)) { AutoFlush = true };
    await using var client = new ChatClient(input, output);
    return await client.RunAsync(host, port, tls ? new ClientTls(authority) : null);
}

// Files only, no service: the paths are printed so that they can be pasted into the settings.
static int WriteDevCertificates(string directory)
{
    foreach (var line in DevCertificates.Describe(DevCertificates.Write(directory)))
    {
        Console.WriteLine(line);
    }

    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: AuthActors.Gateway            run the service");
    Console.Error.WriteLine("       AuthActors.Gateway import FILE  register the users of a credentials.txt (\"id password\" per line)");
    Console.Error.WriteLine("       AuthActors.Gateway client [--host HOST] [--port PORT] [--tls] [--ca FILE]  chat on a session port (default 127.0.0.1:4225);");
    Console.Error.WriteLine("                                  --tls: over TLS, the server checked against the system's roots, or only FILE's CA with --ca");
    Console.Error.WriteLine("       AuthActors.Gateway cluster-status  the members of the cluster and the shards each holds");
    Console.Error.WriteLine("       AuthActors.Gateway dev-certs DIR   write a local CA and TLS certificates for the gateway and cluster members into DIR");
    return 2;
}
