using System.Text;
using AuthActors.Gateway.Sessions;
using AuthActors.Messages;
using Microsoft.Extensions.Options;

namespace AuthActors.Gateway.Web;

/// <summary>
/// A command posted from the messages page: both forgery checks, a signed-in user, the session port's bound on the
/// line and its rule on characters (<see cref="SafeText"/>), then the session port's own command (<see cref="SessionCommands.AnswerAsync(string, string, string)"/>).
/// The page's script gets the answer line as text; a plain form post is sent back to the page.
/// </summary>
internal sealed class MessageCommands(FormGuard guard, BrowserSession browser, SessionCommands commands, MessageStreams streams, IOptions<SessionPortOptions> port)
{
    /// <summary>Runs <paramref name="verb"/> with the command line's rest read from the form (null: an id that is not one).</summary>
    public async Task<IResult> RunAsync(HttpContext context, string verb, Func<IFormCollection, string?> rest)
    {
        var script = MessagePages.WantsAnswer(context);
        if (await guard.ReadAsync(context) is not { } form)
        {
            return script
                ? Answer("ERR 403 this form was refused (another site, or no security token): reload the page", StatusCodes.Status403Forbidden)
                : AccountPages.Refused(context, guard);
        }

        var signIn = await browser.SignInAsync(context);
        if (signIn.Claims is not { } claims)
        {
            return script
                ? Answer("ERR 401 you are signed out: log in again", StatusCodes.Status401Unauthorized)
                : PageLayout.SeeOther($"/login?done={signIn.SignedOutBecause ?? "needed"}");
        }

        streams.Touch(claims.Subject);
        var answer = await AnswerAsync(claims.Subject, verb, rest(form));
        return script ? Answer(answer) : PageLayout.SeeOther("/messages");
    }

    private async Task<string> AnswerAsync(string me, string verb, string? rest)
    {
        if (rest is null)
        {
            return $"ERR 400 {UserId.Rule}";
        }

        // As long as the same command may be on the session port, where a longer line ends the session.
        var limit = port.Value.MaxLineLength;
        if (Encoding.UTF8.GetByteCount(verb) + 1 + Encoding.UTF8.GetByteCount(rest) > limit)
        {
            return $"ERR 413 the message is too long (a command line is at most {limit} bytes)";
        }

        return SafeText.Check(rest) is { } refused ? $"ERR 400 {refused}" : await commands.AnswerAsync(me, verb, rest);
    }

    private static IResult Answer(string line, int status = StatusCodes.Status200OK) =>
        Results.Text(line, "text/plain; charset=utf-8", Encoding.UTF8, status);
}
