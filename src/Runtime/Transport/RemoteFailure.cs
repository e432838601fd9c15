namespace AuthActors.Runtime.Transport;

/// <summary>Why a request failed on the peer, in words safe to show a caller: never a stack trace or an exception message.</summary>
internal sealed record RemoteFailure(string Message);
