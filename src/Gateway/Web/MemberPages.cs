using AuthActors.Gateway.Http;
using AuthActors.Messages;
using AuthActors.Node.Tokens;
using Microsoft.Extensions.Options;

namespace AuthActors.Gateway.Web;

/// <summary><c>/me</c>, the member page: the account, its sessions, changing the password, withdrawing.</summary>
internal static class MemberPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/me", async (HttpContext c, BrowserSession s, FormGuard g, MemberPageView p) =>
        {
            var (claims, redirect) = await s.RequireAsync(c);
            return claims is null ? redirect! : await p.MemberPageAsync(c, g, claims, new MemberNotices(), 200);
        });
        pages.MapPost("/me/sessions/{id}/end", EndSessionAsync);
        pages.MapPost("/me/password", ChangePasswordAsync);
        pages.MapPost("/me/withdraw", WithdrawAsync);
    }

    private static async Task<IResult> EndSessionAsync(
        HttpContext context, string id, BrowserSession session, FormGuard guard, MemberPageView pages, MessageStreams streams)
    {
        if (await guard.ReadAsync(context) is null)
        {
            return AccountPages.Refused(context, guard);
        }

        var (claims, redirect) = await session.RequireAsync(context);
        if (claims is null)
        {
            return redirect!;
        }

        var reply = await pages.Users.AskAsync(new EndSession(claims.Subject, id), context.RequestAborted);
        if (reply is SessionEnded)
        {
            streams.EndWebSession(claims.Subject, id);
        }

        if (reply is SessionEnded && id == claims.SessionId)
        {
            BrowserCookies.Clear(context);
            return PageLayout.SeeOther("/login?done=signed-out");
        }

        var notices = new MemberNotices { Top = reply is SessionEnded ? "The session was ended." : (reply as Rejected)?.Message };
        return await pages.MemberPageAsync(context, guard, claims, notices, reply is SessionEnded ? 200 : 404);
    }

    private static async Task<IResult> ChangePasswordAsync(
        HttpContext context, BrowserSession session, FormGuard guard, MemberPageView pages, IOptions<ApiPolicyOptions> policy)
    {
        if (await guard.ReadAsync(context) is not { } form)
        {
            return AccountPages.Refused(context, guard);
        }

        var (claims, redirect) = await session.RequireAsync(context);
        if (claims is null)
        {
            return redirect!;
        }

        var current = form["current_password"].ToString();
        var next = form["new_password"].ToString();
        var notices = new MemberNotices();
        if (current.Length == 0)
        {
            notices.Password.Add("current_password", "enter your current password");
        }

        foreach (var broken in Node.Passwords.PasswordPolicy.Check(policy.Value.PasswordPolicy, next))
        {
            notices.Password.Add("new_password", broken);
        }

        if (notices.Password.Any)
        {
            return await pages.MemberPageAsync(context, guard, claims, notices, 400);
        }

        var reply = await pages.Users.AskAsync(new ChangePassword(claims.Subject, current, next, policy.Value.PasswordPolicy), context.RequestAborted);
        switch (reply)
        {
            case PasswordChanged:
                // A new password ends every session, this one included: the browser signs in again.
                BrowserCookies.Clear(context);
                return PageLayout.SeeOther($"/login?done=password-changed&id={Uri.EscapeDataString(claims.Subject)}");
            case Rejected { Code: ErrorCode.BadCredentials }:
                notices.Password.Add("current_password", "the current password is wrong");
                return await pages.MemberPageAsync(context, guard, claims, notices, 401);
            case Rejected { Code: ErrorCode.InvalidInput } invalid:
                foreach (var reason in invalid.Reasons)
                {
                    notices.Password.Add("new_password", reason);
                }

                return await pages.MemberPageAsync(context, guard, claims, notices, 400);
            case Rejected { Code: ErrorCode.Locked }:
                BrowserCookies.Clear(context);
                return PageLayout.SeeOther("/login?done=ended");
            default:
                notices.Top = (reply as Rejected)?.Message ?? "The service gave an unexpected answer; try again.";
                return await pages.MemberPageAsync(context, guard, claims, notices, 500);
        }
    }

    private static async Task<IResult> WithdrawAsync(HttpContext context, BrowserSession session, FormGuard guard, MemberPageView pages)
    {
        if (await guard.ReadAsync(context) is not { } form)
        {
            return AccountPages.Refused(context, guard);
        }

        var (claims, redirect) = await session.RequireAsync(context);
        if (claims is null)
        {
            return redirect!;
        }

        var notices = new MemberNotices();
        if (form["confirm"] != "yes")
        {
            notices.Withdraw.Add("confirm", "tick the box to confirm that you understand the id stays taken");
        }

        if (form["password"].ToString().Length == 0)
        {
            notices.Withdraw.Add("withdraw_password", "enter your password");
        }

        if (notices.Withdraw.Any)
        {
            return await pages.MemberPageAsync(context, guard, claims, notices, 400);
        }

        var reply = await pages.Users.AskAsync(new Withdraw(claims.Subject, form["password"].ToString()), context.RequestAborted);
        if (reply is Withdrawn)
        {
            BrowserCookies.Clear(context);
            return PageLayout.SeeOther("/login?done=withdrawn");
        }

        notices.Withdraw.Add("withdraw_password", reply is Rejected { Code: ErrorCode.BadCredentials } ? "the password is wrong" : (reply as Rejected)?.Message ?? "unexpected answer");
        return await pages.MemberPageAsync(context, guard, claims, notices, 400);
    }
}

/// <summary>What the member page reports after a form: a line at the top and each form's broken rules.</summary>
internal sealed class MemberNotices
{
    public string? Top { get; set; }

    public FieldErrors Password { get; } = new();

    public FieldErrors Withdraw { get; } = new();
}
