using System.Collections;
using System.Reflection;

namespace AuthActors.Actors.Tests.Serialization;

/// <summary>
/// Builds one filled-in instance of a record type by reflection (every constructor parameter and init-only property
/// given a plain value of its type), so that the serialized-forms corpus has a sample of every manifest without a
/// hand-written instance per type. Only the corpus writer uses it; the corpus test reads the stored bytes.
/// </summary>
internal static class SampleValues
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    public static object Create(Type type, string name = "value") => Create(type, name, depth: 0)
        ?? throw new InvalidOperationException($"no sample for {type}");

    private static object? Create(Type type, string name, int depth)
    {
        if (depth > 6)
        {
            return null;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Create(underlying, name, depth);
        }

        return type switch
        {
            _ when type == typeof(string) => SampleString(name),
            _ when type == typeof(bool) => true,
            _ when type == typeof(int) => 3,
            _ when type == typeof(long) => 7L,
            _ when type == typeof(double) => 1.5,
            _ when type == typeof(DateTimeOffset) => At,
            _ when type == typeof(DateTime) => At.UtcDateTime,
            _ when type == typeof(TimeSpan) => TimeSpan.FromMinutes(10),
            _ when type == typeof(Guid) => new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"),
            _ when type == typeof(byte[]) => new byte[] { 1, 2, 3 },
            _ when type.IsEnum => Enum.GetValues(type).GetValue(Enum.GetValues(type).Length > 1 ? 1 : 0),
            _ when type.IsArray => OneElementArray(type.GetElementType()!, name, depth),
            _ when IsList(type) => OneElementList(type.GetGenericArguments()[0], name, depth),
            _ => Record(type, depth),
        };
    }

    // Ids must pass the id rules, so strings are plain letters, digits and dashes named after their member.
    private static string SampleString(string name) => name.ToLowerInvariant() + "-1";

    private static bool IsList(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var definition
        && (definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>) || definition == typeof(List<>)
            || definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyCollection<>));

    // A member typed by an interface (an audited command's inner command) gets the first record of its assembly, by
    // name, that implements it and does not contain itself.
    private static Type? Implementation(Type contract) => contract.Assembly.GetTypes()
        .Where(t => !t.IsAbstract && !t.IsInterface && contract.IsAssignableFrom(t)
            && t.GetConstructors().All(c => c.GetParameters().All(p => p.ParameterType != contract)))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .FirstOrDefault();

    private static Array OneElementArray(Type element, string name, int depth)
    {
        var array = Array.CreateInstance(element, 1);
        array.SetValue(Create(element, name, depth + 1), 0);
        return array;
    }

    private static IList OneElementList(Type element, string name, int depth)
    {
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
        list.Add(Create(element, name, depth + 1));
        return list;
    }

    private static object? Record(Type type, int depth)
    {
        if (type.IsAbstract || type.IsInterface)
        {
            return Implementation(type) is { } implementation ? Record(implementation, depth) : null;
        }

        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var parameters = constructor.GetParameters();
        var value = constructor.Invoke([.. parameters.Select(p => Create(p.ParameterType, p.Name ?? "value", depth + 1))]);
        var fromConstructor = parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is { IsPublic: true } && !fromConstructor.Contains(property.Name)
                && property.GetIndexParameters().Length == 0 && property.Name != "EqualityContract")
            {
                property.SetValue(value, Create(property.PropertyType, property.Name, depth + 1));
            }
        }

        return value;
    }
}
