using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Deployment;

/// <summary>docker-compose.yml and docker/*.Dockerfile agree with the projects, ports and keys (no Docker engine runs here).</summary>
public sealed class ComposeFileTests
{
    private static readonly string Compose = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "docker-compose.yml"));

    [Fact]
    public void The_compose_file_and_the_dockerfiles_agree_with_the_projects_ports_and_keys() =>
        DeploymentCheck.Of(RepositoryLayout.Root).Problems(Compose).ShouldBeEmpty();

    [Fact]
    public void A_published_port_that_is_not_the_configured_one_is_reported()
    {
        var problems = DeploymentCheck.Of(RepositoryLayout.Root).Problems(Replace(Compose, "\"4225:4225\"", "\"4226:4226\""));

        problems.ShouldHaveSingleItem().ShouldContain("gateway: ports 4224 4226 8080 but the role listens on 4224 4225 8080");
    }

    [Fact]
    public void A_variable_naming_no_configuration_key_is_reported()
    {
        var problems = DeploymentCheck.Of(RepositoryLayout.Root).Problems(
            Replace(Compose, "AUTHACTORS_GATEWAY__MODE: cluster", "AUTHACTORS_GATEWAY__MODES: cluster"));

        problems.ShouldContain("gateway: AUTHACTORS_GATEWAY__MODES sets gateway.modes, which no hocon/*.conf of its role has");
        problems.ShouldContain("gateway: gateway.mode must be cluster (AUTHACTORS_GATEWAY__MODE)");
    }

    [Fact]
    public void Nodes_that_disagree_on_a_secret_or_share_a_name_are_reported()
    {
        var renamed = Replace(Compose, "AUTHACTORS_NODE_NAME: node-3", "AUTHACTORS_NODE_NAME: node-2");
        var problems = DeploymentCheck.Of(RepositoryLayout.Root).Problems(
            Replace(renamed, "AUTHACTORS_PEPPER: \"${AUTHACTORS_PEPPER:?set AUTHACTORS_PEPPER in .env (see .env.example)}\"", "AUTHACTORS_PEPPER: other", once: true));

        problems.ShouldContain(p => p.StartsWith("node-2, node-3: node names must be set and unique", StringComparison.Ordinal));
        problems.ShouldContain(p => p.StartsWith("every node and the gateway set the same users.hashing.pepper", StringComparison.Ordinal));
    }

    [Fact]
    public void A_node_that_advertises_no_reachable_name_or_is_killed_before_its_graceful_leave_is_reported()
    {
        var problems = DeploymentCheck.Of(RepositoryLayout.Root).Problems(Replace(
            Replace(Compose, "      AUTHACTORS_CLUSTER__TRANSPORT__ADVERTISE_HOST: node-1\n", ""), "stop_grace_period: 30s", "stop_grace_period: 20s", once: true));

        problems.ShouldBe(
        [
            "node-1: binds cluster.transport.host 0.0.0.0 and advertises its service name (cluster.transport.advertise-host), not 0.0.0.0",
            "node-1: stop_grace_period 00:00:20 must exceed node.shutdown-timeout 00:00:20, or SIGKILL cuts the graceful stop",
        ]);
    }

    [Fact]
    public void A_dockerfile_that_exposes_another_port_or_runs_another_executable_is_reported()
    {
        var check = new DeploymentCheck(RepositoryLayout.Root, path =>
        {
            var text = File.ReadAllText(Path.Combine(RepositoryLayout.Root, path));
            return path == "docker/node.Dockerfile"
                ? text.Replace("EXPOSE 4300", "EXPOSE 4301", StringComparison.Ordinal).Replace("AuthActors.Node.dll", "AuthActors.Gateway.dll", StringComparison.Ordinal)
                : text;
        });

        var problems = check.Problems(Compose);

        problems.ShouldContain("docker/node.Dockerfile: EXPOSE 4301 8300 but hocon/node.conf has 4300 8300 (cluster:transport:port, node:admin:port)");
        problems.ShouldContain("docker/node.Dockerfile: ENTRYPOINT must run AuthActors.Node.dll, the executable of src/Node/AuthActors.Node.csproj");
    }

    [Fact]
    public void The_reader_refuses_yaml_outside_the_subset_it_understands()
    {
        Should.Throw<FormatException>(() => ComposeYaml.Parse("services:\n  a: &shared\n    b: c\n")).Message.ShouldContain("line 2");
        Should.Throw<FormatException>(() => ComposeYaml.Parse("ports: [\"1:1\"]\n"));
        var parsed = ComposeYaml.Parse("a:\n  - 'it''s'\n  - \"q\\\"\" # note\nb:\n  c: d # e\nd:\n");
        parsed["a"].ShouldBeOfType<List<string>>().ShouldBe(["it's", "q\""]);
        parsed["b"].ShouldBeOfType<Dictionary<string, object?>>()["c"].ShouldBe("d");
        parsed["d"].ShouldBeNull();
    }

    private static string Replace(string text, string old, string replacement, bool once = false)
    {
        text.ShouldContain(old);
        if (!once)
        {
            return text.Replace(old, replacement, StringComparison.Ordinal);
        }

        var at = text.IndexOf(old, StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + old.Length));
    }
}
