using System.Collections;

namespace AuthActors.Runtime.Diagnostics;

/// <summary>
/// The logging scope of one client request or connection: its connection id from the start, the user id once the
/// request names one (<see cref="MarkUser"/>, called where every user command passes). Mutable, so one scope begun
/// when the connection opens tells every later line who it is about. It travels with a command into the entity's
/// mailbox, so the entity's lines about that command carry it too (in this process; across the transport only the
/// user id does, as the entity id).
/// </summary>
public sealed class RequestLogScope : IReadOnlyList<KeyValuePair<string, object?>>
{
    private static readonly AsyncLocal<RequestLogScope?> CurrentScope = new();
    private string? _userId;

    private RequestLogScope(string connectionId, string? clientAddress, string? requestPath)
    {
        ConnectionId = connectionId;
        ClientAddress = clientAddress;
        RequestPath = requestPath;
    }

    /// <summary>
    /// A scope for <paramref name="connectionId"/>, made current for the calling async flow; pass it to
    /// <c>ILogger.BeginScope</c> for the lines of that flow.
    /// </summary>
    public static RequestLogScope Begin(string connectionId, string? clientAddress = null, string? requestPath = null)
    {
        var scope = new RequestLogScope(connectionId, clientAddress, requestPath);
        CurrentScope.Value = scope;
        return scope;
    }

    /// <summary>The scope of the request this flow serves, if any.</summary>
    public static RequestLogScope? Current => CurrentScope.Value;

    /// <summary>The Kestrel connection id (also in HTTP request ids).</summary>
    public string ConnectionId { get; }

    /// <summary>
    /// The client's IP address, for the audit trail (the user's events record it). Not a log field: the lines of a
    /// request already say where it came from once, where the connection opens.
    /// </summary>
    public string? ClientAddress { get; }

    /// <summary>
    /// The HTTP request's path (null on the TCP ports). Here rather than from ASP.NET Core's own request scope, which
    /// comes only with an Activity per request while its hosting log category is on (LogFormat turns it off).
    /// </summary>
    public string? RequestPath { get; }

    /// <summary>The user the request is about, once known.</summary>
    public string? UserId => Volatile.Read(ref _userId);

    /// <inheritdoc />
    public int Count => 1 + (RequestPath is null ? 0 : 1) + (UserId is null ? 0 : 1);

    /// <inheritdoc />
    public KeyValuePair<string, object?> this[int index]
    {
        get
        {
            var user = UserId;
            return index switch
            {
                0 => new("ConnectionId", ConnectionId),
                1 when RequestPath is { } path => new("RequestPath", path),
                _ when user is not null && index == (RequestPath is null ? 1 : 2) => new("UserId", user),
                _ => throw new ArgumentOutOfRangeException(nameof(index)),
            };
        }
    }

    /// <summary>Records the user the current request is about (the last one named, for a connection that names several).</summary>
    public static void MarkUser(string userId)
    {
        if (CurrentScope.Value is { } scope)
        {
            Volatile.Write(ref scope._userId, userId);
        }
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        var count = Count;
        for (var i = 0; i < count; i++)
        {
            yield return this[i];
        }
    }

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => string.Join(' ', this.Select(entry => $"{entry.Key}:{entry.Value}"));
}
