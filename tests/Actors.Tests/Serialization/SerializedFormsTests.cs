using System.Text.Json.Nodes;
using Akka.Serialization;
using AuthActors.Messages;
using AuthActors.Messages.Serialization;
using AuthActors.Node.Users;

namespace AuthActors.Actors.Tests.Serialization;

/// <summary>
/// Every message and event is bound, in the product's HOCON, to its JSON serializer; and the forms written by this
/// and earlier releases still read, through Akka's serialization, into the same values.
/// </summary>
public sealed class SerializedFormsTests() : Akka.TestKit.Xunit2.TestKit(ProductHocon.Akka())
{
    private static readonly Type[] MessageTypes = [.. MessagesWire.Types.Values.Select(info => info.Type)];
    private static readonly Type[] UserTypes = [.. UserPersistenceSerializer.Types.Values.Select(info => info.Type)];

    [Fact]
    public void Every_message_type_is_bound_to_the_messages_serializer()
    {
        foreach (var type in MessageTypes)
        {
            Sys.Serialization.FindSerializerForType(type).ShouldBeOfType<MessagesSerializer>(type.Name);
        }
    }

    [Fact]
    public void Every_user_event_and_the_snapshot_state_are_bound_to_the_users_serializer()
    {
        foreach (var type in UserTypes)
        {
            Sys.Serialization.FindSerializerForType(type).ShouldBeOfType<UserEventSerializer>(type.Name);
        }
    }

    [Fact]
    public void Every_concrete_message_and_event_type_has_a_manifest()
    {
        var bound = new[] { typeof(IUserCommand), typeof(IUserReply), typeof(IGatewayMessage) };
        var messages = typeof(IUserCommand).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && !t.IsInterface && bound.Any(b => b.IsAssignableFrom(t)));
        messages.Except(MessageTypes).ShouldBeEmpty();

        var events = typeof(UserEvent).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(UserEvent).IsAssignableFrom(t));
        events.Except(UserTypes).ShouldBeEmpty();
    }

    [Fact]
    public void Every_manifest_has_a_stored_form() => ShouldHaveEveryForm(
        Serializer<MessagesSerializer>(MessageTypes[0]), MessageTypes);

    [Fact]
    public void Every_user_manifest_has_a_stored_form() => ShouldHaveEveryForm(
        Serializer<UserEventSerializer>(UserTypes[0]), UserTypes);

    [Fact]
    public void Stored_messages_read_and_write_back_unchanged() => ShouldReadBack(Serializer<MessagesSerializer>(MessageTypes[0]));

    [Fact]
    public void Stored_user_events_and_states_read_and_write_back_unchanged() =>
        ShouldReadBack(Serializer<UserEventSerializer>(UserTypes[0]));

    [Fact]
    public void An_unknown_manifest_is_a_serialization_error_not_a_default()
    {
        Should.Throw<System.Runtime.Serialization.SerializationException>(
            () => Sys.Serialization.Deserialize("{}"u8.ToArray(), MessagesSerializer.Id, "user.no-such-thing.v1"));
    }

    private T Serializer<T>(Type bound)
        where T : SerializerWithStringManifest => (T)Sys.Serialization.FindSerializerForType(bound);

    private static void ShouldHaveEveryForm(SerializerWithStringManifest serializer, Type[] types)
    {
        if (Environment.GetEnvironmentVariable(SerializedFormsCorpus.WriteVariable) == "1")
        {
            SerializedFormsCorpus.WriteMissing(serializer, types);
        }

        var stored = SerializedFormsCorpus.Read(serializer).Select(form => form.Manifest).ToHashSet(StringComparer.Ordinal);
        ((ManifestJsonSerializer)serializer).Manifests.Where(m => !stored.Contains(m)).ShouldBeEmpty(
            $"every manifest needs a stored form: run the tests once with {SerializedFormsCorpus.WriteVariable}=1 and commit it");
    }

    // A current manifest writes back byte-for-byte the same JSON; an older one reads into the current type.
    private void ShouldReadBack(SerializerWithStringManifest serializer)
    {
        var forms = SerializedFormsCorpus.Read(serializer).ToList();
        forms.ShouldNotBeEmpty();
        foreach (var (manifest, payload) in forms)
        {
            var value = Sys.Serialization.Deserialize(payload, serializer.Identifier, manifest);
            var current = serializer.Manifest(value);
            if (current == manifest)
            {
                JsonNode.DeepEquals(JsonNode.Parse(payload), JsonNode.Parse(serializer.ToBinary(value))).ShouldBeTrue(manifest);
            }
            else
            {
                value.ShouldBeOfType<UserState>(manifest);
            }
        }
    }
}
