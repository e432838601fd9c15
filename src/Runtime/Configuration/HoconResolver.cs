using System.Text;

namespace AuthActors.Runtime.Configuration;

/// <summary>Resolves substitutions, concatenations and delayed merges against the whole parsed tree.</summary>
internal sealed class HoconResolver(RawObject root, HostVariables? environment)
{
    private readonly Dictionary<RawNode, HoconValue?> _resolved = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<RawNode> _inProgress = new(ReferenceEqualityComparer.Instance);
    private readonly List<RawSubstitution> _chain = [];

    /// <summary>Resolves a node; null means an optional substitution left it undefined.</summary>
    public HoconValue? Resolve(RawNode node)
    {
        switch (node)
        {
            case RawScalar scalar:
                return scalar.Value;
            case RawWhitespace whitespace:
                return HoconScalar.String(whitespace.Text);
            case RawArray array:
                return new HoconArray(array.Items.Select(Resolve).OfType<HoconValue>());
        }

        if (_resolved.TryGetValue(node, out var done))
        {
            return done;
        }

        if (!_inProgress.Add(node))
        {
            throw CycleError(node);
        }

        try
        {
            var value = node switch
            {
                RawObject obj => ResolveObject(obj),
                RawSubstitution substitution => Tracked(substitution, () => ResolveSubstitution(substitution)),
                RawSelfReference self => Tracked(self.Origin, () => ResolveSelfReference(self)),
                RawConcat concat => ResolveConcat(concat),
                RawMerge merge => ResolveMerge(merge),
                _ => throw new InvalidOperationException($"Unknown node {node.GetType().Name}."),
            };
            _resolved[node] = value;
            return value;
        }
        finally
        {
            _inProgress.Remove(node);
        }
    }

    private HoconValue? Tracked(RawSubstitution substitution, Func<HoconValue?> resolve)
    {
        _chain.Add(substitution);
        try
        {
            return resolve();
        }
        finally
        {
            _chain.RemoveAt(_chain.Count - 1);
        }
    }

    private HoconFormatException CycleError(RawNode node)
    {
        var at = _chain.Count > 0 ? _chain[^1] : null;
        var path = string.Join(" -> ", _chain.Select(s => s.Display));
        var closing = node is RawSubstitution again ? $" -> {again.Display}" : " -> (a value that contains it)";
        return (at?.Position ?? node.Position).Error($"substitution cycle: {path}{closing}");
    }

    private HoconObject ResolveObject(RawObject obj)
    {
        var fields = new List<KeyValuePair<string, HoconValue>>();
        foreach (var (key, raw) in obj.Fields)
        {
            // A field whose value is an undefined optional substitution is not set at all.
            if (Resolve(raw) is { } value)
            {
                fields.Add(new(key, value));
            }
        }

        return new HoconObject(fields);
    }

    private HoconValue? ResolveSubstitution(RawSubstitution substitution)
    {
        if (substitution.Prefix.Count > 0 && Lookup([.. substitution.Prefix, .. substitution.Path]) is { } fixedUp)
        {
            return fixedUp;
        }

        return Lookup(substitution.Path) ?? External(substitution);
    }

    private HoconValue? ResolveSelfReference(RawSelfReference self)
    {
        if (self.Previous is null)
        {
            return External(self.Origin);
        }

        var value = Resolve(self.Previous);
        foreach (var key in self.Remaining)
        {
            value = value is HoconObject obj ? obj.Fields.GetValueOrDefault(key) : null;
        }

        return value ?? External(self.Origin);
    }

    /// <summary>Outside the tree: the environment, then undefined (optional) or an error.</summary>
    private HoconValue? External(RawSubstitution substitution)
    {
        var name = string.Join('.', substitution.Path);
        var variable = environment is null ? Environment.GetEnvironmentVariable(name) : environment.Find(name);
        if (!string.IsNullOrEmpty(variable))
        {
            return HoconScalar.String(variable);
        }

        return substitution.Optional
            ? null
            : throw substitution.Position.Error(
                $"could not resolve substitution {substitution.Display}: not in the configuration nor in the environment");
    }

    /// <summary>Walks the tree resolving only what lies on the path, so an object may refer to its own fields.</summary>
    private HoconValue? Lookup(IReadOnlyList<string> path)
    {
        RawNode node = root;
        for (var i = 0; i < path.Count; i++)
        {
            if (node is not RawObject obj)
            {
                var value = Resolve(node);
                for (var j = i; j < path.Count && value is not null; j++)
                {
                    value = value is HoconObject resolved ? resolved.Fields.GetValueOrDefault(path[j]) : null;
                }

                return value;
            }

            if (!obj.Fields.TryGetValue(path[i], out var child))
            {
                return null;
            }

            node = child;
        }

        return Resolve(node);
    }

    private HoconValue? ResolveMerge(RawMerge merge)
    {
        var newer = Resolve(merge.Newer);
        if (newer is null)
        {
            return Resolve(merge.Older);
        }

        return newer is HoconObject newerObject && Resolve(merge.Older) is HoconObject olderObject
            ? MergeObjects(olderObject, newerObject)
            : newer;
    }

    internal static HoconObject MergeObjects(HoconObject older, HoconObject newer)
    {
        var fields = new List<KeyValuePair<string, HoconValue>>(older.Fields);
        foreach (var (key, value) in newer.Fields)
        {
            var merged = older.Fields.GetValueOrDefault(key) is HoconObject olderChild && value is HoconObject newerChild
                ? MergeObjects(olderChild, newerChild)
                : value;
            fields.Add(new(key, merged));
        }

        return new HoconObject(fields);
    }

    private HoconValue? ResolveConcat(RawConcat concat)
    {
        var parts = new List<(RawNode Raw, HoconValue Value)>();
        foreach (var part in concat.Parts)
        {
            if (Resolve(part) is { } value)
            {
                parts.Add((part, value));
            }
        }

        var solid = parts.Where(p => p.Raw is not RawWhitespace).ToList();
        if (solid.Count == 0)
        {
            return null;
        }

        if (solid.Count == 1 && parts.Count == 1)
        {
            return solid[0].Value;
        }

        if (solid.All(p => p.Value is HoconObject))
        {
            return solid.Select(p => (HoconObject)p.Value).Aggregate(MergeObjects);
        }

        if (solid.All(p => p.Value is HoconArray))
        {
            return new HoconArray(solid.SelectMany(p => ((HoconArray)p.Value).Items));
        }

        var text = new StringBuilder();
        foreach (var (raw, value) in parts)
        {
            text.Append(value switch
            {
                HoconScalar scalar => scalar.Text,
                HoconNull => raw is RawScalar ? "null" : string.Empty,
                _ => throw raw.Position.Error("cannot concatenate an object or array with a string"),
            });
        }

        return HoconScalar.String(text.ToString());
    }
}
