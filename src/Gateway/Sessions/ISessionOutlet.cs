namespace AuthActors.Gateway.Sessions;

/// <summary>
/// Where the lines of one online session go: a connection of the session port (<see cref="Tcp.ClientConnection"/>)
/// or a browser's event stream (the messages page). <see cref="ConnectedSessions"/> writes
/// messages and presence through it and sweeps it for inactivity, whichever kind of client is behind it.
/// </summary>
internal interface ISessionOutlet
{
    /// <summary>Queues a line encoded once for many sessions (<see cref="Tcp.LineOutbox.Encode"/>) without waiting; false when refused.</summary>
    bool Post(ReadOnlyMemory<byte> encodedLine);

    /// <summary>Sends one line and tells whether it was flushed within the write timeout.</summary>
    Task<bool> TrySendAsync(string line);

    /// <summary>Ends the session when nothing came from its user for the inactivity timeout (called by the shared sweep).</summary>
    void ExpireIfIdle();
}
