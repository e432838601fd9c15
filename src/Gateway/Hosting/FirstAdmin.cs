using AuthActors.Messages;
using AuthActors.Node.Users;

namespace AuthActors.Gateway.Hosting;

/// <summary>Creates the configured first admin (<c>users.first-admin</c>) at start, or confirms it exists.</summary>
internal static class FirstAdmin
{
    public static async Task EnsureAsync(IServiceProvider services, IConfiguration configuration, ILogger logger)
    {
        var id = configuration["users:first-admin:id"];
        var password = configuration["users:first-admin:password"];
        if (string.IsNullOrEmpty(id))
        {
            return;
        }

        if (string.IsNullOrEmpty(password))
        {
            logger.LogWarning("users.first-admin.id is set but its password is not (AUTHACTORS_ADMIN_PASSWORD): no admin is created");
            return;
        }

        var reply = await services.GetRequiredService<UserDirectory>().AskAsync(new EnsureAdmin(id, password), CancellationToken.None);
        switch (reply)
        {
            case Registered:
                logger.LogInformation("Created the first admin {UserId}", id);
                break;
            case AccountChanged:
                break;
            case Rejected rejected:
                logger.LogError("The first admin {UserId} was not created: {Reason}", id, string.Join("; ", rejected.Reasons));
                break;
        }
    }
}
