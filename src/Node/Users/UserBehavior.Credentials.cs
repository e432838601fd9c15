using AuthActors.Messages;
using AuthActors.Node.Passwords;

namespace AuthActors.Node.Users;

/// <summary>The password-checking commands: sign-up, login, password change, delete, withdraw, first admin.</summary>
public sealed partial class UserBehavior
{
    private async Task<UserOutcome> RegisterAsync(Register command, CancellationToken cancellationToken)
    {
        if (UserDecider.RefuseRegistration(State, command, Now, services.Account) is { } refused)
        {
            return Answer(refused);
        }

        var hash = await HashAsync(command.Password, cancellationToken);
        return Decided(UserDecider.Register(userId, hash, command.Email, command.DisplayName, Now));
    }

    private async Task<UserOutcome> AuthenticateAsync(Authenticate command, CancellationToken cancellationToken) =>
        Decided(await LoginAsync(command.Password, command.From, cancellationToken));

    // The login both the TCP dialog and the token endpoint run: gate, check, rehash when the parameters changed.
    private async Task<Decision> LoginAsync(Secret password, string? from, CancellationToken cancellationToken, LoginAttempt? attempt = null)
    {
        if (UserDecider.RefuseAttempt(State, Now, services.Lockout, attempt) is { } refused)
        {
            CountRefusedLogin(refused);
            await SpendDecoyHashAsync(refused, password, cancellationToken);
            return Decision.Only(refused);
        }

        var check = await VerifyAsync(password, cancellationToken);
        var rehash = check is { Matches: true, NeedsRehash: true } && State.IsActive ? await HashAsync(password, cancellationToken) : null;
        return UserDecider.Login(State, userId, check, rehash, from, Now, services.Lockout, attempt);
    }

    private async Task<UserOutcome> ChangePasswordAsync(ChangePassword command, CancellationToken cancellationToken)
    {
        if ((UserDecider.RefuseAttempt(State, Now, services.Lockout) ?? UserDecider.RefuseNewPassword(command)) is { } refused)
        {
            return Answer(refused);
        }

        var check = await VerifyAsync(command.OldPassword, cancellationToken);
        var newHash = check.Matches && State.IsActive ? await HashAsync(command.NewPassword, cancellationToken) : "";
        return Decided(UserDecider.ChangePassword(State, userId, check, newHash, Now, services.Lockout));
    }

    private async Task<UserOutcome> DeleteAsync(DeleteUser command, CancellationToken cancellationToken)
    {
        PasswordCheck? check = null;
        if (!command.ByAdmin)
        {
            if (UserDecider.RefuseAttempt(State, Now, services.Lockout) is { } refused)
            {
                return Answer(refused);
            }

            check = await VerifyAsync(command.Password ?? new Secret(""), cancellationToken);
        }

        return Decided(UserDecider.Delete(State, userId, check, command.ByAdmin, Now, services.Lockout));
    }

    private async Task<UserOutcome> WithdrawAsync(Withdraw command, CancellationToken cancellationToken)
    {
        if (UserDecider.RefuseAttempt(State, Now, services.Lockout) is { } refused)
        {
            await SpendDecoyHashAsync(refused, command.Password, cancellationToken);
            return Answer(refused);
        }

        var check = await VerifyAsync(command.Password, cancellationToken);
        return Decided(UserDecider.Withdraw(State, userId, check, Now, services.Lockout, services.Account));
    }

    private async Task<UserOutcome> EnsureAdminAsync(EnsureAdmin command, CancellationToken cancellationToken)
    {
        if (AccountDecider.AdminAlreadySettled(State, userId, Now, services.Account) is { } settled)
        {
            return Answer(settled);
        }

        var broken = PasswordPolicy.Check(PasswordPolicyName.Nist, command.Password.Value);
        if (broken.Count > 0)
        {
            return Answer(new Rejected(ErrorCode.InvalidInput, broken));
        }

        var hash = await HashAsync(command.Password, cancellationToken);
        return Decided(AccountDecider.CreateAdmin(userId, hash, Now));
    }
}
