using Akka.Actor.Setup;
using Akka.Configuration;

namespace AuthActors.Actors.Tests.Persistence;

/// <summary>
/// One journal plugin on one backend, as the conformance suite runs it: the ActorSystem's setup (HOCON and, for the
/// fenced plugin, the storage it is handed), opened once per test class; every test takes its own persistence ids.
/// </summary>
public abstract class PluginUnderTest : IAsyncLifetime
{
    /// <summary>What every plugin under test shares: the test events' serializer.</summary>
    protected static readonly Config Common = ConfigurationFactory.ParseString("""
        akka.loglevel = INFO
        akka.actor.serializers.test-notes = "AuthActors.Actors.Tests.Persistence.NoteSerializer, AuthActors.Actors.Tests"
        akka.actor.serialization-bindings { "AuthActors.Actors.Tests.Persistence.Note, AuthActors.Actors.Tests" = test-notes }
        """);

    /// <summary>The ActorSystem's setup for one test.</summary>
    public abstract ActorSystemSetup Setup();

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();
}
