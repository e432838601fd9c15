using System.Diagnostics.Metrics;
using AuthActors.Messages;
using AuthActors.Runtime.Diagnostics;

namespace AuthActors.Node.Users;

/// <summary>
/// The users' instruments, counted from the events once they are durable (so a failed persist counts nothing), and
/// from the logins refused before any event (unknown id, locked account). No tag names a user.
/// </summary>
public sealed partial class UserBehavior
{
    private static readonly Counter<long> Logins = AuthActorsMeter.Meter.CreateCounter<long>(
        "authactors.logins", unit: "{login}", description: "Password logins (TCP, HTTP tokens, web) by outcome: succeeded, failed, locked (refused while locked out).");

    private static readonly Counter<long> LockOuts = AuthActorsMeter.Meter.CreateCounter<long>(
        "authactors.lockouts", unit: "{lockout}", description: "Accounts locked after too many failed attempts in a row.");

    private static readonly Counter<long> SignUps = AuthActorsMeter.Meter.CreateCounter<long>(
        "authactors.signups", unit: "{user}", description: "Users registered (sign-up, ADD, import, first admin).");

    private static readonly Counter<long> RefreshRotations = AuthActorsMeter.Meter.CreateCounter<long>(
        "authactors.refresh.rotations", unit: "{token}", description: "Refresh tokens rotated (used once, replaced).");

    private static readonly Counter<long> ReuseDetections = AuthActorsMeter.Meter.CreateCounter<long>(
        "authactors.refresh.reuse_detections", unit: "{token}", description: "Refresh tokens presented again after rotation; each revoked its session.");

    private static readonly KeyValuePair<string, object?> Succeeded = new("outcome", "succeeded");
    private static readonly KeyValuePair<string, object?> Failed = new("outcome", "failed");
    private static readonly KeyValuePair<string, object?> Locked = new("outcome", "locked");

    private static void CountDurable(IReadOnlyList<UserEvent> events)
    {
        foreach (var durable in events)
        {
            switch (durable)
            {
                case UserEvent.LoginSucceeded:
                    Logins.Add(1, Succeeded);
                    break;
                case UserEvent.LoginFailed:
                    Logins.Add(1, Failed);
                    break;
                case UserEvent.Locked:
                    LockOuts.Add(1);
                    break;
                case UserEvent.Registered:
                    SignUps.Add(1);
                    break;
                case UserEvent.RefreshRotated:
                    RefreshRotations.Add(1);
                    break;
                case UserEvent.RefreshReuseDetected:
                    ReuseDetections.Add(1);
                    break;
            }
        }
    }

    private static void CountRefusedLogin(Rejected refused) =>
        Logins.Add(1, refused.Code == ErrorCode.Locked ? Locked : Failed);
}
