using AuthActors.Runtime.Persistence;

namespace AuthActors.Node.Users;

/// <summary>The manifests of the user's events and snapshot. A manifest, once stored, is never reused for another shape.</summary>
public static class UserPersistenceSerializer
{
    /// <summary>A serializer that knows every user event and the user snapshot.</summary>
    public static JsonPersistenceSerializer Create()
    {
        var json = UserJsonContext.Default;
        return new JsonPersistenceSerializer()
            .Register("user.registered.v1", json.Registered)
            .Register("user.login-succeeded.v1", json.LoginSucceeded)
            .Register("user.login-failed.v1", json.LoginFailed)
            .Register("user.locked.v1", json.Locked)
            .Register("user.password-changed.v1", json.PasswordChanged)
            .Register("user.password-rehashed.v1", json.PasswordRehashed)
            .Register("user.deleted.v1", json.Deleted)
            .Register("user.state.v1", json.UserState);
    }
}
