namespace AuthActors.Gateway.Web;

/// <summary>
/// The markup of <c>/messages</c>: who is online, the live log, and the forms (message, broadcast, block, unblock).
/// The forms work without script (post, then back to the page); <c>/messages.js</c> sends them with fetch, shows
/// each answer line in the log and keeps the log and the list of who is online live from the event stream.
/// </summary>
internal static class MessagePageView
{
    public static Html Body(HttpContext context, FormGuard guard, IReadOnlyList<string> online, int maxText)
    {
        var field = guard.Field(context);
        var people = Html.Join(online.Select(id => Html.Of($"<li data-user=\"{id}\">{id}</li>")));
        return Html.Of($"""
            <p id="stream-status" class="notice info" role="status">Connecting… (live messages need JavaScript)</p>
            <div class="messages">
            <section class="card" aria-labelledby="online-title">
            <h2 id="online-title">Online</h2>
            <ul id="online" class="people">{people}</ul>
            <p id="nobody" class="hint"{Html.When(online.Count > 0, Html.Of($" hidden"))}>Nobody else is online.</p>
            </section>
            <section class="card" aria-labelledby="log-title">
            <h2 id="log-title">Conversation</h2>
            <ol id="log" class="log" aria-live="polite"></ol>
            </section>
            </div>
            <form class="card" method="post" action="/messages/send" data-command>
            <h2>Send a message</h2>
            <p class="hint">To someone offline, it waits in their inbox until they are online again.</p>
            <label for="to">To</label>
            <input id="to" name="to" required maxlength="64" autocomplete="off" spellcheck="false">
            <label for="text">Message</label>
            <input id="text" name="text" required maxlength="{maxText}" autocomplete="off" data-clear>
            {field}<button type="submit">Send</button>
            </form>
            <form class="card" method="post" action="/messages/broadcast" data-command>
            <h2>Broadcast</h2>
            <label for="broadcast-text">Message to everyone online</label>
            <input id="broadcast-text" name="text" required maxlength="{maxText}" autocomplete="off" data-clear>
            {field}<button type="submit">Broadcast</button>
            </form>
            <form class="card" method="post" action="/messages/block" data-command>
            <h2>Block or unblock</h2>
            <p class="hint">Someone you block can no longer message you, and does not see when you come and go.</p>
            <label for="block-user">User</label>
            <input id="block-user" name="user" required maxlength="64" autocomplete="off" spellcheck="false">
            {field}<div class="buttons"><button type="submit">Block</button> <button type="submit" formaction="/messages/unblock">Unblock</button></div>
            </form>
            """);
    }
}
