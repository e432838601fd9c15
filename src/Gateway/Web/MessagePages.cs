using System.Text;
using AuthActors.Gateway.Http;
using AuthActors.Gateway.Sessions;
using AuthActors.Gateway.Tcp;
using AuthActors.Messages;
using AuthActors.Node.Projections;
using AuthActors.Node.Tokens;
using AuthActors.Node.Users;
using Microsoft.Extensions.Options;

namespace AuthActors.Gateway.Web;

/// <summary>
/// <c>/messages</c>: who is online, direct messages, broadcast, block and unblock, live. The page's event stream
/// (<c>/messages/events</c>) is an online session of the same machinery as the session port, so browser and TCP
/// users see and message each other; the commands are the session port's own (<see cref="SessionCommands"/>),
/// posted as forms through <see cref="FormGuard"/> and answered with the session port's answer line.
/// </summary>
internal static class MessagePages
{
    /// <summary>The close line of a stream whose web session ended: the browser must sign in again.</summary>
    public const string SessionEndedLine = "<<close>>your web session has ended (logged out, ended or banned): log in again";

    private const string FetchAnswer = "text/plain";

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/messages", PageAsync);
        pages.MapGet("/messages/events", EventsAsync);
        pages.MapGet("/messages/online", OnlineAsync);
        pages.MapPost("/messages/send", (HttpContext c, MessageCommands m) => m.RunAsync(c, "message", f => Recipient(f["to"]) is { } to ? $"{to} {OneLine(f["text"])}" : null));
        pages.MapPost("/messages/broadcast", (HttpContext c, MessageCommands m) => m.RunAsync(c, "broadcast", f => OneLine(f["text"])));
        pages.MapPost("/messages/block", (HttpContext c, MessageCommands m) => m.RunAsync(c, "block", f => Recipient(f["user"])));
        pages.MapPost("/messages/unblock", (HttpContext c, MessageCommands m) => m.RunAsync(c, "unblock", f => Recipient(f["user"])));
    }

    /// <summary>True when the request is the page's script asking for the answer line instead of a redirect.</summary>
    public static bool WantsAnswer(HttpContext context) =>
        context.Request.Headers.Accept.ToString().StartsWith(FetchAnswer, StringComparison.Ordinal);

    private static async Task<IResult> PageAsync(
        HttpContext context, BrowserSession session, FormGuard guard, PresenceProjection presence, GatewayIdentity identity, IOptions<SessionPortOptions> port)
    {
        var (claims, redirect) = await session.RequireAsync(context);
        if (claims is null)
        {
            return redirect!;
        }

        var online = await presence.OnlineAsync(claims.Subject, identity.LiveGateways, includeBlockers: false, context.RequestAborted);
        context.Response.Headers.ContentSecurityPolicy = WebPages.ScriptPolicy;
        return PageLayout.Page(context, guard, "Messages", claims, MessagePageView.Body(context, guard, online, MaxText(port.Value)), script: "/messages.js");
    }

    // The stream is answered 200 even when refused, with one close line saying why: EventSource cannot read a status.
    private static async Task EventsAsync(
        HttpContext context, BrowserSession browser, MessageStreams streams, ConnectedSessions sessions, OnlineSessionLifetime lifetime,
        UserDirectory users, IOptions<SessionPortOptions> port, IOptions<MessagePageOptions> options, IHostApplicationLifetime host, TimeProvider clock)
    {
        var signIn = await browser.SignInAsync(context);
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        // A reverse proxy (nginx) must pass each event on at once, not buffer the response.
        context.Response.Headers["X-Accel-Buffering"] = "no";
        using var outlet = new EventStreamOutlet(
            context.Response.BodyWriter, port.Value.WriteTimeout, port.Value.Timeout, clock, context.RequestAborted, host.ApplicationStopping);
        if (signIn.Claims is not { } claims)
        {
            await outlet.TrySendAsync(SessionEndedLine);
            await outlet.CloseAsync();
            return;
        }

        if (!streams.TryAdd(claims, outlet, options.Value.StreamsPerUser))
        {
            await outlet.TrySendAsync($"<<close>>you have {options.Value.StreamsPerUser} messages pages open already: close one and reload this one");
            await outlet.CloseAsync();
            return;
        }

        sessions.Watch(outlet);
        try
        {
            // A browser tab is its own online session beside any other of the user (see docs/web.md, "One session per user").
            var refused = await lifetime.RunAsync(
                claims.Subject, context.TraceIdentifier, outlet, ClientAddress.Of(context), allowSeveral: true,
                _ => StayAsync(outlet, claims, users, options.Value, port.Value, clock));
            if (refused is not null)
            {
                await outlet.TrySendAsync(DialogConversation.Close + refused);
            }
        }
        finally
        {
            sessions.Unwatch(outlet);
            streams.Remove(claims.Subject, outlet);
            await outlet.CloseAsync();
        }
    }

    // Until the stream ends; every check interval the user's entity says whether the web session still stands, and a
    // comment goes out so that a proxy does not close a quiet stream (the browser would reconnect: a new session).
    private static async Task<string> StayAsync(
        EventStreamOutlet outlet, AccessTokenClaims claims, UserDirectory users, MessagePageOptions options, SessionPortOptions port, TimeProvider clock)
    {
        using var check = new PeriodicTimer(options.SessionCheck, clock);
        try
        {
            while (await check.WaitForNextTickAsync(outlet.Ended))
            {
                outlet.KeepAlive();
                var status = await users.AskAsync(new CheckAccessToken(claims.Subject, claims.SessionId, claims.TokenId), outlet.Ended);
                if (status is TokenStatus { Active: false })
                {
                    outlet.End();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The stream ended; its reason says why.
        }

        var reason = outlet.EndReason;
        var farewell = reason switch
        {
            "inactivity" => port.InactivityFarewell,
            "session ended" => SessionEndedLine,
            "server stopping" => "<<close>>the server is shutting down, please connect again later",
            _ => null,
        };
        if (farewell is not null)
        {
            await outlet.TrySendAsync(farewell);
        }

        return reason;
    }

    // whoelse for the page's list of who is online, read whenever someone leaves; a read, so it keeps nobody active.
    private static async Task<IResult> OnlineAsync(HttpContext context, BrowserSession session, SessionCommands commands)
    {
        context.Response.Headers.CacheControl = "no-store";
        var signIn = await session.SignInAsync(context);
        return signIn.Claims is { } claims
            ? Results.Text(await commands.AnswerAsync(claims.Subject, "whoelse", ""), "text/plain; charset=utf-8", Encoding.UTF8)
            : Results.Text("ERR 401 you are signed out: log in again", "text/plain; charset=utf-8", Encoding.UTF8, StatusCodes.Status401Unauthorized);
    }

    /// <summary>Longest message text, in bytes: what fits in a session-port line with the command and a recipient id.</summary>
    public static int MaxText(SessionPortOptions port) => port.MaxLineLength - "message ".Length - UserId.MaxLength - 1;

    // An id as typed, or null when it is not one (a space in it would shift the rest of the command line).
    private static string? Recipient(Microsoft.Extensions.Primitives.StringValues id) => UserId.IsValid(id.ToString().Trim()) ? id.ToString().Trim() : null;

    // A text field may carry line breaks; a session line never does.
    private static string OneLine(Microsoft.Extensions.Primitives.StringValues text) =>
        text.ToString().Replace('\r', ' ').Replace('\n', ' ').Trim();
}
