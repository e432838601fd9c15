using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AuthActors.Runtime.Configuration;
using Microsoft.Extensions.Configuration;

namespace AuthActors.Gateway.Tests.Deployment;

/// <summary>
/// What docker-compose.yml and the Dockerfiles must agree on with the projects and hocon/: each service's image
/// publishes the project whose executable its ENTRYPOINT runs, its ports are the role's configured ports, every
/// AUTHACTORS_ variable sets a key that exists, and the processes of one cluster share storage and secrets.
/// No Docker engine runs in CI, so this is what stands between a renamed key or port and a broken compose file.
/// </summary>
internal sealed partial class DeploymentCheck(string root, Func<string, string?> read)
{
    private const string Prefix = "AUTHACTORS_";

    // The short names hocon/shared.conf substitutes (key = ${?AUTHACTORS_NAME}), and the key each one sets.
    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.Ordinal)
    {
        ["STORAGE"] = "storage:kind",
        ["POSTGRES"] = "storage:postgres:connection-string",
        ["PEPPER"] = "users:hashing:pepper",
        ["TOKEN_KEY"] = "tokens:signing:key-encryption-key",
        ["NODE_NAME"] = "cluster:node-name",
        ["ADMIN_ID"] = "users:first-admin:id",
        ["ADMIN_PASSWORD"] = "users:first-admin:password",
        ["TLS_CERT"] = "gateway:tls:certificate",
        ["TLS_KEY"] = "gateway:tls:key",
        ["CLUSTER_CA"] = "cluster:tls:ca",
        ["CLUSTER_CERT"] = "cluster:tls:certificate",
        ["CLUSTER_KEY"] = "cluster:tls:key",
    };

    // Read by the code, not the configuration: the data directory and the directory of the .conf files.
    private static readonly HashSet<string> ProcessVariables = ["DATA", "CONFIG"];

    private static readonly Dictionary<string, string[]> RolePorts = new(StringComparer.Ordinal)
    {
        ["node"] = ["cluster:transport:port", "node:admin:port"],
        ["gateway"] = ["gateway:tcp:port", "gateway:session:port", "gateway:http:port"],
    };

    private readonly List<string> _problems = [];

    /// <summary>The check over the files of a checkout.</summary>
    public static DeploymentCheck Of(string root) =>
        new(root, path => File.Exists(Path.Combine(root, path)) ? File.ReadAllText(Path.Combine(root, path)) : null);

    /// <summary>Everything in the compose text that disagrees with the repository; empty when all agree.</summary>
    public IReadOnlyList<string> Problems(string composeText)
    {
        _problems.Clear();
        var compose = ComposeYaml.Parse(composeText);
        var services = Map(compose, "services") ?? [];
        var processes = new List<Process>();
        foreach (var (name, value) in services)
        {
            var service = value as Dictionary<string, object?> ?? [];
            if (Map(service, "build") is { } build)
            {
                processes.Add(CheckProcess(name, service, build));
            }
        }

        CheckDatabase(compose, services);
        CheckCluster(processes, services);
        return [.. _problems];
    }

    private sealed record Process(string Service, string Role, Dictionary<string, object?> Definition, Func<string, string?> Setting);

    private Process CheckProcess(string name, Dictionary<string, object?> service, Dictionary<string, object?> build)
    {
        var dockerfilePath = Text(build, "dockerfile") ?? "Dockerfile";
        var context = Text(build, "context") ?? ".";
        if (context != ".")
        {
            Problem($"{name}: the build context must be the repository root (the Dockerfiles copy hocon/ and src/)");
        }

        var role = CheckDockerfile(name, dockerfilePath);
        var configuration = Hocon(role);
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (variable, value) in Map(service, "environment") ?? [])
        {
            if (!variable.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var key = KeyOf(name, variable, configuration);
            if (key is not null)
            {
                overrides[key] = value as string;
            }
        }

        return new Process(name, role, service, key => overrides.TryGetValue(key, out var value) ? value : configuration[key]);
    }

    // The role is the executable's name: AuthActors.Node runs hocon/node.conf, AuthActors.Gateway hocon/gateway.conf.
    private string CheckDockerfile(string service, string path)
    {
        var text = read(path);
        if (text is null)
        {
            Problem($"{service}: {path} does not exist");
            return "missing";
        }

        var instructions = ContinuationLines().Replace(text, " ");
        if (!instructions.Contains("FROM mcr.microsoft.com/dotnet/sdk:10.0", StringComparison.Ordinal)
            || !instructions.Contains("FROM mcr.microsoft.com/dotnet/aspnet:10.0", StringComparison.Ordinal))
        {
            Problem($"{path}: builds on mcr.microsoft.com/dotnet/sdk:10.0 and runs on mcr.microsoft.com/dotnet/aspnet:10.0");
        }

        var runtimeStage = instructions[instructions.LastIndexOf("FROM ", StringComparison.Ordinal)..];
        var user = UserInstruction().Match(runtimeStage);
        if (!user.Success || user.Groups[1].Value is "root" or "0")
        {
            Problem($"{path}: the runtime stage runs as a non-root USER");
        }

        var publish = PublishInstruction().Match(instructions);
        if (!publish.Success)
        {
            Problem($"{path}: no 'dotnet publish <project>.csproj -c Release'");
            return "missing";
        }

        var projectPath = publish.Groups[1].Value;
        var project = read(projectPath);
        if (project is null)
        {
            Problem($"{path}: publishes {projectPath}, which does not exist");
            return "missing";
        }

        var assembly = XDocument.Parse(project).Descendants("AssemblyName").FirstOrDefault()?.Value
            ?? Path.GetFileNameWithoutExtension(projectPath);
        var entry = EntryPoint().Match(instructions);
        if (!entry.Success || entry.Groups[1].Value != assembly)
        {
            Problem($"{path}: ENTRYPOINT must run {assembly}.dll, the executable of {projectPath}");
        }

        var role = assembly.StartsWith("AuthActors.", StringComparison.Ordinal) ? assembly["AuthActors.".Length..].ToLowerInvariant() : assembly;
        if (!RolePorts.ContainsKey(role) || read($"hocon/{role}.conf") is null)
        {
            Problem($"{path}: {assembly} is not a role with a hocon/<role>.conf");
            return "missing";
        }

        var exposed = ExposeInstruction().Matches(instructions)
            .SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(port => port.Split('/')[0]);
        var configured = RolePorts[role].Select(key => Hocon(role)[key]);
        if (!exposed.Order(StringComparer.Ordinal).SequenceEqual(configured.Order(StringComparer.Ordinal)))
        {
            Problem($"{path}: EXPOSE {string.Join(' ', exposed)} but hocon/{role}.conf has {string.Join(' ', configured)} ({string.Join(", ", RolePorts[role])})");
        }

        return role;
    }

    // A variable sets a key by the EnvironmentOverridesSource rule, or is one of the short names hocon substitutes.
    private string? KeyOf(string service, string variable, IConfiguration configuration)
    {
        var name = variable[Prefix.Length..];
        if (ProcessVariables.Contains(name))
        {
            return null;
        }

        if (ShortNames.TryGetValue(name, out var key))
        {
            var substituted = new Regex($@"^\s*{Regex.Escape(key.Split(':')[^1])}\s*=\s*\$\{{\?{variable}\}}", RegexOptions.Multiline);
            if (!Directory.EnumerateFiles(Path.Combine(root, "hocon"), "*.conf").Any(file => substituted.IsMatch(read(Path.GetRelativePath(root, file)) ?? "")))
            {
                Problem($"{service}: {variable} is substituted by no key of hocon/*.conf");
            }

            return key;
        }

        key = EnvironmentOverridesSource.KeyOf(name);
        if (!configuration.GetSection(key).Exists())
        {
            Problem($"{service}: {variable} sets {key.Replace(':', '.')}, which no hocon/*.conf of its role has");
            return null;
        }

        return key;
    }

    private void CheckDatabase(Dictionary<string, object?> compose, Dictionary<string, object?> services)
    {
        if (Map(services, "postgres") is not { } postgres)
        {
            Problem("no postgres service");
            return;
        }

        if (Text(postgres, "image")?.StartsWith("postgres:", StringComparison.Ordinal) != true)
        {
            Problem("postgres: runs a postgres image");
        }

        if (Map(postgres, "healthcheck")?.GetValueOrDefault("test") is not List<string> test || !test.Any(part => part.Contains("pg_isready", StringComparison.Ordinal)))
        {
            Problem("postgres: a healthcheck with pg_isready, which the others wait for");
        }

        var declared = Map(compose, "volumes") ?? [];
        foreach (var volume in postgres.GetValueOrDefault("volumes") as List<string> ?? [])
        {
            if (!declared.ContainsKey(volume.Split(':')[0]))
            {
                Problem($"postgres: volume {volume} is not a named volume of the file");
            }
        }
    }

    private void CheckCluster(List<Process> built, Dictionary<string, object?> services)
    {
        var processes = built.Where(p => RolePorts.ContainsKey(p.Role)).ToList();
        var nodes = processes.Where(p => p.Role == "node").ToList();
        var gateways = processes.Where(p => p.Role == "gateway").ToList();
        if (nodes.Count < 3 || gateways.Count < 1)
        {
            Problem($"three nodes and a gateway expected; found {nodes.Count} nodes and {gateways.Count} gateways");
        }

        foreach (var process in processes)
        {
            CheckPorts(process);
            if (Map(process.Definition, "depends_on") is not { } dependencies || Text(Map(dependencies, "postgres") ?? [], "condition") != "service_healthy")
            {
                Problem($"{process.Service}: depends on postgres with condition service_healthy");
            }

            var shutdown = Duration(process.Setting($"{process.Role}:shutdown-timeout"));
            var grace = Duration(Text(process.Definition, "stop_grace_period") ?? "10s");
            if (grace <= shutdown)
            {
                Problem($"{process.Service}: stop_grace_period {grace} must exceed {process.Role}.shutdown-timeout {shutdown}, or SIGKILL cuts the graceful stop");
            }
        }

        foreach (var gateway in gateways.Where(g => g.Setting("gateway:mode") != "cluster"))
        {
            Problem($"{gateway.Service}: gateway.mode must be cluster (AUTHACTORS_GATEWAY__MODE)");
        }

        foreach (var duplicate in processes.GroupBy(p => p.Setting("cluster:node-name") ?? "").Where(g => g.Key.Length == 0 || g.Count() > 1))
        {
            Problem($"{string.Join(", ", duplicate.Select(p => p.Service))}: node names must be set and unique (AUTHACTORS_NODE_NAME), not '{duplicate.Key}'");
        }

        foreach (var key in new[] { "storage:kind", "storage:postgres:connection-string", "users:hashing:pepper", "tokens:signing:key-encryption-key" })
        {
            var values = processes.Select(p => p.Setting(key)).Distinct().ToList();
            if (values.Count > 1 || string.IsNullOrEmpty(values.FirstOrDefault()))
            {
                Problem($"every node and the gateway set the same {key.Replace(':', '.')}; found '{string.Join("', '", values)}'");
            }
        }

        if (processes.Any(p => p.Setting("storage:kind") != "postgres"))
        {
            Problem("storage.kind must be postgres: the processes run in separate containers");
        }

        var host = HostOf().Match(processes.FirstOrDefault()?.Setting("storage:postgres:connection-string") ?? "");
        if (!host.Success || !services.ContainsKey(host.Groups[1].Value))
        {
            Problem("the connection string's Host= must name the postgres service");
        }

        if (nodes.Select(n => n.Setting("cluster:transport:port")).Distinct().Count() > 1)
        {
            Problem("the nodes' transport ports differ");
        }
    }

    private void CheckPorts(Process process)
    {
        var configured = RolePorts[process.Role].Select(process.Setting).Order(StringComparer.Ordinal).ToList();
        var published = (process.Definition.GetValueOrDefault(process.Role == "gateway" ? "ports" : "expose") as List<string> ?? [])
            .Select(port => port.Split('/')[0].Split(':')[^1])
            .Order(StringComparer.Ordinal)
            .ToList();
        if (!published.SequenceEqual(configured))
        {
            Problem($"{process.Service}: {(process.Role == "gateway" ? "ports" : "expose")} {string.Join(' ', published)} but the role listens on {string.Join(' ', configured)} ({string.Join(", ", RolePorts[process.Role])})");
        }

        string[] hosts = process.Role == "gateway" ? ["gateway:tcp:host", "gateway:session:host", "gateway:http:host"] : ["node:admin:host"];
        foreach (var key in hosts.Where(key => process.Setting(key) != "0.0.0.0"))
        {
            Problem($"{process.Service}: {key.Replace(':', '.')} must be 0.0.0.0, or the published port reaches nothing");
        }

        // Nodes serve their shards on the transport; a gateway in cluster mode serves its online sessions on it, so
        // both must be reachable by the other containers under their service names.
        {
            var advertised = process.Setting("cluster:transport:advertise-host") is { Length: > 0 } name ? name : process.Setting("cluster:transport:host");
            if (process.Setting("cluster:transport:host") != "0.0.0.0" || advertised != process.Service)
            {
                Problem($"{process.Service}: binds cluster.transport.host 0.0.0.0 and advertises its service name (cluster.transport.advertise-host), not {advertised}");
            }
        }
    }

    private IConfiguration Hocon(string role) =>
        role == "missing" ? new ConfigurationBuilder().Build() : new ConfigurationBuilder().AddHoconFile(Path.Combine(root, "hocon", $"{role}.conf")).Build();

    // Compose durations as "30s" or "1m"; hocon ones as the provider gives them (a TimeSpan or "20s").
    private static TimeSpan Duration(string? text)
    {
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span))
        {
            return span;
        }

        var match = DurationText().Match(text ?? "");
        return !match.Success
            ? TimeSpan.Zero
            : TimeSpan.FromSeconds(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * (match.Groups[2].Value == "m" ? 60 : 1));
    }

    private static Dictionary<string, object?>? Map(Dictionary<string, object?> map, string key) =>
        map.GetValueOrDefault(key) as Dictionary<string, object?>;

    private static string? Text(Dictionary<string, object?> map, string key) => map.GetValueOrDefault(key) as string;

    private void Problem(string text) => _problems.Add(text);

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex ContinuationLines();

    [GeneratedRegex(@"^\s*USER\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex UserInstruction();

    [GeneratedRegex(@"dotnet publish\s+(\S+\.csproj)\b[^\n]*-c Release")]
    private static partial Regex PublishInstruction();

    [GeneratedRegex(@"^\s*ENTRYPOINT\s*\[\s*""dotnet""\s*,\s*""([^""]+)\.dll""\s*\]", RegexOptions.Multiline)]
    private static partial Regex EntryPoint();

    [GeneratedRegex(@"^\s*EXPOSE\s+([^\n]+)", RegexOptions.Multiline)]
    private static partial Regex ExposeInstruction();

    [GeneratedRegex(@"(?:^|;)\s*Host=([^;]+)")]
    private static partial Regex HostOf();

    [GeneratedRegex(@"^(\d+)(s|m)$")]
    private static partial Regex DurationText();
}
