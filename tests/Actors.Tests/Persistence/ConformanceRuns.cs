namespace AuthActors.Actors.Tests.Persistence;

// The conformance suites on every plugin and every backend: one class per pair, each with its own database.

public sealed class FencedJournalOnSqliteTests(FencedPluginOnSqlite plugin)
    : JournalConformance<FencedPluginOnSqlite>(plugin), IClassFixture<FencedPluginOnSqlite>;

public sealed class FencedJournalOnPostgresTests(FencedPluginOnPostgres plugin)
    : JournalConformance<FencedPluginOnPostgres>(plugin), IClassFixture<FencedPluginOnPostgres>;

public sealed class AkkaSqlJournalOnSqliteTests(AkkaSqlPluginOnSqlite plugin)
    : JournalConformance<AkkaSqlPluginOnSqlite>(plugin), IClassFixture<AkkaSqlPluginOnSqlite>;

public sealed class AkkaSqlJournalOnPostgresTests(AkkaSqlPluginOnPostgres plugin)
    : JournalConformance<AkkaSqlPluginOnPostgres>(plugin), IClassFixture<AkkaSqlPluginOnPostgres>;

public sealed class FencedSnapshotStoreOnSqliteTests(FencedPluginOnSqlite plugin)
    : SnapshotConformance<FencedPluginOnSqlite>(plugin), IClassFixture<FencedPluginOnSqlite>;

public sealed class FencedSnapshotStoreOnPostgresTests(FencedPluginOnPostgres plugin)
    : SnapshotConformance<FencedPluginOnPostgres>(plugin), IClassFixture<FencedPluginOnPostgres>;

public sealed class AkkaSqlSnapshotStoreOnSqliteTests(AkkaSqlPluginOnSqlite plugin)
    : SnapshotConformance<AkkaSqlPluginOnSqlite>(plugin), IClassFixture<AkkaSqlPluginOnSqlite>;

public sealed class AkkaSqlSnapshotStoreOnPostgresTests(AkkaSqlPluginOnPostgres plugin)
    : SnapshotConformance<AkkaSqlPluginOnPostgres>(plugin), IClassFixture<AkkaSqlPluginOnPostgres>;
