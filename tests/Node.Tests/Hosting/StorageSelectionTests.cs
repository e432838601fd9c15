using AuthActors.Node.Hosting;
using AuthActors.Runtime.Configuration;
using AuthActors.Runtime.Persistence.Postgres;
using AuthActors.Runtime.Persistence.Sqlite;
using AuthActors.TestKit;
using Microsoft.Extensions.Configuration;

namespace AuthActors.Node.Tests.Hosting;

public sealed class StorageSelectionTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Shared_configuration_defaults_to_sqlite_and_states_the_postgres_settings()
    {
        var options = Bind(new ConfigurationBuilder().AddHoconFile(Path.Combine(RepositoryLayout.Root, "hocon", "node.conf")).Build());

        options.Kind.ShouldBe("sqlite");
        options.Postgres.ConnectionString.ShouldBe("");
        options.Postgres.MaxBatchSize.ShouldBe(256);
        options.Postgres.ConnectTimeout.ShouldBe(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Optional_environment_substitution_after_a_default_overrides_it_only_when_set()
    {
        // The shape of "kind = sqlite / kind = ${?AUTHACTORS_STORAGE}", with variable names no other test uses.
        var set = $"AUTHACTORS_TEST_SET_{Guid.NewGuid():N}";
        var unset = $"AUTHACTORS_TEST_UNSET_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(set, "postgres");
        try
        {
            var file = _directory.Write("storage.conf", $$"""
                storage {
                  kind = sqlite
                  kind = ${?{{set}}}
                  postgres.connection-string = ""
                  postgres.connection-string = ${?{{unset}}}
                }
                """);
            var options = Bind(new ConfigurationBuilder().AddHoconFile(file).Build());

            options.Kind.ShouldBe("postgres");
            options.Postgres.ConnectionString.ShouldBe("");
        }
        finally
        {
            Environment.SetEnvironmentVariable(set, null);
        }
    }

    [Fact]
    public void Short_environment_variables_leave_the_storage_section_bindable()
    {
        // AUTHACTORS_STORAGE and AUTHACTORS_POSTGRES also reach the generic override source as keys "storage" and
        // "postgres"; a value on the section's own key must not break binding its children.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["storage:kind"] = "postgres",
                ["storage:postgres:connection-string"] = "Host=db",
                ["storage"] = "postgres",
                ["postgres"] = "Host=db",
            })
            .Build();

        var options = Bind(configuration);

        options.Kind.ShouldBe("postgres");
        options.Postgres.ConnectionString.ShouldBe("Host=db");
    }

    [Fact]
    public async Task Sqlite_kind_opens_the_file_in_the_data_directory()
    {
        await using var storage = await NodeStorage.OpenAsync(new StorageOptions(), _directory.Path, Ct);

        storage.Journal.ShouldBeOfType<SqliteJournal>();
        storage.Location.ShouldBe(_directory.File("authactors.db"));
    }

    [Fact]
    public async Task Postgres_kind_opens_the_configured_database_and_names_it_without_the_password()
    {
        var server = await PostgresServer.SharedAsync();
        var connectionString = await server.CreateDatabaseAsync("selection") + ";Password=not-shown-anywhere";
        try
        {
            var options = new StorageOptions { Kind = "postgres", Postgres = { ConnectionString = connectionString } };
            await using var storage = await NodeStorage.OpenAsync(options, _directory.Path, Ct);

            storage.Journal.ShouldBeOfType<PostgresJournal>();
            storage.Snapshots.ShouldBeOfType<PostgresSnapshotStore>();
            storage.Location.ShouldContain("PostgreSQL at");
            storage.Location.ShouldNotContain("not-shown-anywhere");
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Unknown_kind_is_refused_naming_both_backends()
    {
        var failure = await Should.ThrowAsync<InvalidOperationException>(
            NodeStorage.OpenAsync(new StorageOptions { Kind = "mysql" }, _directory.Path, Ct));

        failure.Message.ShouldContain("'sqlite' or 'postgres'");
    }

    private static StorageOptions Bind(IConfiguration configuration) =>
        configuration.GetSection("storage").Get<StorageOptions>() ?? new StorageOptions();
}
