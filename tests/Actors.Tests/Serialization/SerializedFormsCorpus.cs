using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Akka.Serialization;
using AuthActors.Node.Users;

namespace AuthActors.Actors.Tests.Serialization;

/// <summary>
/// The serialized forms of every manifest as this and earlier releases wrote them, one file per manifest under
/// Corpus/&lt;serializer&gt;/. A stored form is never edited: a new shape gets a new manifest and a new file. Set
/// AUTHACTORS_WRITE_CORPUS=1 and run the tests once to add the form of a new manifest (from a sample built by
/// <see cref="SampleValues"/>); review and commit it.
/// </summary>
internal static class SerializedFormsCorpus
{
    public const string WriteVariable = "AUTHACTORS_WRITE_CORPUS";

    // Snapshot versions before the current one, as the upcasters document them: each lacks what a later one added.
    private static readonly Dictionary<string, string[]> OlderStateForms = new(StringComparer.Ordinal)
    {
        ["user.state.v3"] = ["consecutive_failures", "account_lockouts", "untrusted", "devices"],
        ["user.state.v2"] = ["consecutive_failures", "account_lockouts", "untrusted", "devices",
            "online_sessions", "blocked", "inbox", "next_inbox_number", "last_online_at"],
        ["user.state.v1"] = ["consecutive_failures", "account_lockouts", "untrusted", "devices",
            "online_sessions", "blocked", "inbox", "next_inbox_number", "last_online_at",
            "status", "email", "display_name", "roles", "ban_reason", "withdrawn_at", "sessions", "revoked_tokens"],
    };

    public static string Folder(Serializer serializer, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Corpus", serializer.GetType().Name);

    public static string PathOf(Serializer serializer, string manifest) => Path.Combine(Folder(serializer), manifest + ".json");

    /// <summary>Every stored form of one serializer: (manifest, bytes).</summary>
    public static IEnumerable<(string Manifest, byte[] Payload)> Read(Serializer serializer) =>
        Directory.EnumerateFiles(Folder(serializer), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(file => (Path.GetFileNameWithoutExtension(file), File.ReadAllBytes(file)));

    /// <summary>Writes the form of each current manifest that has none yet, from a sample value.</summary>
    public static void WriteMissing(SerializerWithStringManifest serializer, IEnumerable<Type> types)
    {
        Directory.CreateDirectory(Folder(serializer));
        foreach (var type in types)
        {
            var sample = SampleValues.Create(type);
            var path = PathOf(serializer, serializer.Manifest(sample));
            if (!File.Exists(path))
            {
                File.WriteAllBytes(path, serializer.ToBinary(sample));
            }

            if (sample is UserState)
            {
                WriteOlderStateForms(serializer, serializer.ToBinary(sample));
            }
        }
    }

    private static void WriteOlderStateForms(Serializer serializer, byte[] current)
    {
        foreach (var (manifest, absent) in OlderStateForms)
        {
            var path = PathOf(serializer, manifest);
            if (File.Exists(path))
            {
                continue;
            }

            var form = JsonNode.Parse(current)!.AsObject();
            foreach (var name in absent)
            {
                form.Remove(name);
            }

            File.WriteAllText(path, form.ToJsonString());
        }
    }
}
