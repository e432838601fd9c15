namespace AuthActors.Runtime.Cluster;

/// <summary>How member fields are stored, the same on every backend: status names and ','-joined roles.</summary>
internal static class MemberRows
{
    public static string StatusName(MemberStatus status) => status switch
    {
        MemberStatus.Joining => "joining",
        MemberStatus.Up => "up",
        MemberStatus.Leaving => "leaving",
        MemberStatus.Down => "down",
        MemberStatus.Removed => "removed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static MemberStatus ParseStatus(string name) => name switch
    {
        "joining" => MemberStatus.Joining,
        "up" => MemberStatus.Up,
        "leaving" => MemberStatus.Leaving,
        "down" => MemberStatus.Down,
        "removed" => MemberStatus.Removed,
        _ => throw new InvalidOperationException($"unknown member status '{name}' in the members table"),
    };

    public static string JoinRoles(IReadOnlyList<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        foreach (var role in roles)
        {
            if (string.IsNullOrEmpty(role) || role.Contains(',', StringComparison.Ordinal))
            {
                throw new ArgumentException($"a role must be non-empty and without ',', got '{role}'", nameof(roles));
            }
        }

        return string.Join(',', roles);
    }

    public static IReadOnlyList<string> SplitRoles(string stored) =>
        stored.Length == 0 ? [] : stored.Split(',');

    /// <summary>A down or removed member is over; only these statuses may still be set on it (as no-ops).</summary>
    public static bool IsFinal(MemberStatus status) => status is MemberStatus.Down or MemberStatus.Removed;
}
