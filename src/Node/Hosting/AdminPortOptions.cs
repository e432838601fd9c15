namespace AuthActors.Node.Hosting;

/// <summary>A node's admin HTTP port (<c>node.admin</c>): <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>.</summary>
public sealed class AdminPortOptions
{
    /// <summary>Address to bind; loopback unless a scraper elsewhere needs it.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port; 0 picks a free one (logged at start).</summary>
    public int Port { get; set; } = 8300;
}
