namespace AuthActors.Runtime.Persistence;

/// <summary>
/// The database could not be reached or lost the connection: the operation's outcome is unknown or it never ran.
/// Callers answer "try again later" (503); nothing acknowledged before is affected.
/// </summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
