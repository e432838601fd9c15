using AuthActors.Messages;

namespace AuthActors.Gateway.Http;

/// <summary>One event of a user's audit trail in <c>GET /api/admin/users/{id}/history</c>.</summary>
public sealed record AuditEventResponse(long Sequence, DateTimeOffset At, string Kind, string Description, string? SourceAddress, string? Gateway);

/// <summary>A page of a user's audit trail, newest first; <c>next_before</c> asks for the next (older) page.</summary>
public sealed record AuditPageResponse(string Id, IReadOnlyList<AuditEventResponse> Events, long? NextBefore);

/// <summary>One user of <c>POST /api/admin/import</c>: its line in the file, for the report.</summary>
public sealed record ImportUserRequest(int Line, string? Id, string? Password);

/// <summary>A batch of users to import.</summary>
public sealed record ImportRequest(IReadOnlyList<ImportUserRequest>? Users);

/// <summary>A line that was not imported, and why.</summary>
public sealed record ImportFailureResponse(int Line, string? Id, string Reason);

/// <summary>The answer of <c>POST /api/admin/import</c>.</summary>
public sealed record ImportResponse(int Imported, IReadOnlyList<ImportFailureResponse> Failures);

/// <summary>One line of <c>GET /api/admin/export</c> (JSON lines): never a plain password.</summary>
public sealed record ExportLineResponse(string Id, AccountStatus Status, string PasswordHash);

/// <summary>The answer of <c>POST /api/admin/keys/rotate</c>.</summary>
public sealed record KeyRotationResponse(string Kid, IReadOnlyList<PublishedKeyResponse> Published);

/// <summary>A key in the JWKS: until when it stays there (null: it signs).</summary>
public sealed record PublishedKeyResponse(string Kid, DateTimeOffset CreatedAt, DateTimeOffset? PublishedUntil);

/// <summary>One member in <c>GET /api/admin/cluster</c>.</summary>
public sealed record MemberResponse(string Id, string Status, IReadOnlyList<string> Roles, int Shards, string Address);

/// <summary>The answer of <c>GET /api/admin/cluster</c>.</summary>
public sealed record ClusterResponse(string Mode, IReadOnlyList<MemberResponse> Members, int ShardsOwned, int ShardCount);
