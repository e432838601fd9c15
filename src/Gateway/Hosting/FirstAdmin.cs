using AuthActors.Messages;
using AuthActors.Node.Users;

namespace AuthActors.Gateway.Hosting;

/// <summary>
/// Creates the configured first admin (<c>users.first-admin</c>), or confirms it exists, before the ports open: a
/// hosted service registered before the web host's, which the generic host starts last. Until it exists nobody can
/// reach the sign-up that would let them take its id first; when it cannot be made an admin, start-up stops.
/// </summary>
internal sealed class FirstAdmin(UserDirectory users, IConfiguration configuration, ILogger<FirstAdmin> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var id = configuration["users:first-admin:id"];
        var password = configuration["users:first-admin:password"];
        if (string.IsNullOrEmpty(id))
        {
            return;
        }

        if (string.IsNullOrEmpty(password))
        {
            throw new InvalidOperationException(
                $"users.first-admin.id is '{id}' but users.first-admin.password (AUTHACTORS_ADMIN_PASSWORD) is not set: set both, or neither");
        }

        var reply = await users.AskAsync(new EnsureAdmin(id, password), cancellationToken);
        switch (reply)
        {
            case Registered:
                logger.LogInformation("Created the first admin {UserId}", id);
                break;
            case AccountChanged:
                break;
            case Rejected rejected:
                throw new InvalidOperationException(
                    $"the first admin '{id}' (users.first-admin.id, AUTHACTORS_ADMIN_ID) cannot be set up: {string.Join("; ", rejected.Reasons)}. " +
                    "Choose another id, or grant the admin role to the existing user and unset AUTHACTORS_ADMIN_ID");
            default:
                throw new InvalidOperationException($"the first admin '{id}' was answered {reply.GetType().Name}");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
