using System.Reflection;
using System.Text;
using System.Text.Json;
using AuthActors.Messages;
using AuthActors.Runtime.Transport;

namespace AuthActors.Runtime.Tests.Transport;

public sealed class WireSerializerTests
{
    private static readonly WireSerializer Serializer = new WireSerializer().RegisterAll(MessagesWire.Types);

    private static readonly DateTimeOffset At = new(2026, 11, 22, 5, 30, 0, TimeSpan.FromHours(1));

    /// <summary>Every command and reply record the contract defines, found by reflection so a new one cannot be forgotten.</summary>
    public static TheoryData<Type> ContractTypes()
    {
        var types = typeof(IUserCommand).Assembly.GetTypes()
            .Where(t => t.IsPublic && !t.IsAbstract && (typeof(IUserCommand).IsAssignableFrom(t) || typeof(IUserReply).IsAssignableFrom(t) || typeof(IGatewayMessage).IsAssignableFrom(t)))
            .OrderBy(t => t.Name, StringComparer.Ordinal);
        return new TheoryData<Type>(types);
    }

    [Fact]
    public void The_contract_has_commands_and_replies_to_check() =>
        ContractTypes().Count.ShouldBeGreaterThan(30);

    [Theory]
    [MemberData(nameof(ContractTypes))]
    public void Every_command_and_reply_has_a_versioned_manifest(Type type)
    {
        Serializer.IsRegistered(type).ShouldBeTrue($"{type.Name} is not in MessagesWire.Types");
        Serializer.ManifestOf(Sample(type)).ShouldMatch(@"^(user|gateway)\.[a-z-]+\.v[0-9]+$");
    }

    [Theory]
    [MemberData(nameof(ContractTypes))]
    public void Every_command_and_reply_round_trips(Type type)
    {
        var original = Sample(type);
        var copy = RoundTrip(original);
        copy.ShouldBeOfType(type);
        copy.ShouldBeEquivalentTo(original);
    }

    [Fact]
    public void Manifests_are_unique_and_stable()
    {
        MessagesWire.Types.Keys.Distinct(StringComparer.Ordinal).Count().ShouldBe(MessagesWire.Types.Count);
        Serializer.ManifestOf(new Register("alice", new Secret("pw"), PasswordPolicyName.Nist)).ShouldBe("user.register.v1");
        Serializer.ManifestOf(new Rejected(ErrorCode.Locked, "locked")).ShouldBe("user.rejected.v1");
    }

    [Fact]
    public void A_secret_crosses_the_wire_but_still_hides_from_strings()
    {
        var command = new Authenticate("alice", new Secret("pa55word"), "10.0.0.1");
        Json(command).ShouldContain("\"password\":\"pa55word\"");
        ((Authenticate)RoundTrip(command)).Password.Value.ShouldBe("pa55word");
        command.ToString().ShouldNotContain("pa55word");
    }

    [Fact]
    public void A_rejection_keeps_its_reasons_and_retry_after_and_enums_travel_as_names()
    {
        var rejected = new Rejected(ErrorCode.Locked, ["locked", "too many failures"], TimeSpan.FromSeconds(42));
        var json = Json(rejected);
        json.ShouldContain("\"code\":\"Locked\"");
        json.ShouldNotContain("\"message\"");
        var copy = (Rejected)RoundTrip(rejected);
        copy.Code.ShouldBe(ErrorCode.Locked);
        copy.Reasons.ShouldBe(["locked", "too many failures"]);
        copy.RetryAfter.ShouldBe(TimeSpan.FromSeconds(42));
        Json(new IssueTokens("alice", new Secret("pw"), SessionClient.Web)).ShouldContain("\"client\":\"web\"");
    }

    [Fact]
    public void An_audited_command_keeps_its_inner_command_and_origin()
    {
        var audited = new Audited(new Authenticate("alice", new Secret("pa55word"), "10.0.0.1"), new RequestOrigin("10.0.0.1", "gateway#4"));
        Json(audited).ShouldContain("\"manifest\":\"user.authenticate.v1\"");
        var copy = (Audited)RoundTrip(audited);
        copy.Origin.ShouldBe(audited.Origin);
        ((Authenticate)copy.Command).Password.Value.ShouldBe("pa55word");
        copy.UserId.ShouldBe("alice");
    }

    [Fact]
    public void An_unregistered_type_is_refused_with_its_name() =>
        Should.Throw<InvalidOperationException>(() => Serializer.ManifestOf(new Uri("http://example.org")))
            .Message.ShouldContain("Uri");

    private static object RoundTrip(object value)
    {
        var manifest = Serializer.ManifestOf(value);
        return Serializer.Read(manifest, new System.Buffers.ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Json(value))));
    }

    private static string Json(object value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Serializer.Write(writer, value);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    // A value for every parameter of the widest constructor, none of them defaults, so that a field the JSON
    // drops or renames shows as a difference.
    private static object Sample(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        return constructor.Invoke(constructor.GetParameters().Select(p => SampleOf(p.ParameterType, p.Name!)).ToArray());
    }

    private static object? SampleOf(Type type, string name)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying switch
        {
            _ when underlying == typeof(string) => name + "-value",
            _ when underlying == typeof(Secret) => new Secret("secret-" + name),
            _ when underlying == typeof(IUserCommand) => new Ban("alice", "spam"),
            _ when underlying == typeof(bool) => true,
            _ when underlying == typeof(int) => 7,
            _ when underlying == typeof(long) => 4_000_000_000L,
            _ when underlying == typeof(DateTimeOffset) => At,
            _ when underlying == typeof(TimeSpan) => TimeSpan.FromSeconds(90),
            _ when underlying.IsEnum => Enum.GetValues(underlying).Cast<object>().Last(),
            _ when underlying == typeof(IReadOnlyList<string>) => new List<string> { "admin", "user" },
            _ when underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) => ListOf(underlying.GetGenericArguments()[0]),
            _ when underlying.IsSealed && underlying.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is null && underlying.IsClass => Sample(underlying),
            _ => throw new NotSupportedException($"no sample for {type.Name} {name}: add one"),
        };
    }

    private static object ListOf(Type element)
    {
        var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
        list.Add(Sample(element));
        return list;
    }
}
