// The messages page, live: the event stream of this tab's online session fills the conversation and the list of
// who is online; the forms are sent with fetch and their answer lines shown. Every text goes in as textContent,
// never as markup. Lines are the session port's own ("alice: hi", "bob logged in", "<<close>>why").
"use strict";
(() => {
  const log = document.getElementById("log");
  const online = document.getElementById("online");
  const nobody = document.getElementById("nobody");
  const status = document.getElementById("stream-status");

  const say = (text, kind) => {
    const item = document.createElement("li");
    item.textContent = text;
    item.className = kind;
    log.append(item);
    log.scrollTop = log.scrollHeight;
  };

  const show = (text, error) => {
    status.textContent = text;
    status.className = error ? "notice error" : "notice info";
  };

  const setOnline = ids => {
    online.replaceChildren(...ids.map(id => {
      const item = document.createElement("li");
      item.dataset.user = id;
      item.textContent = id;
      return item;
    }));
    nobody.hidden = ids.length > 0;
  };

  const currentOnline = () => Array.from(online.children, item => item.dataset.user);

  // whoelse, read again when someone leaves: they may still be online in another session.
  const refreshOnline = async () => {
    const response = await fetch("/messages/online", { headers: { Accept: "text/plain" } });
    const answer = await response.text();
    if (answer.startsWith("online: ")) {
      setOnline(answer.slice("online: ".length).split(", "));
    } else if (response.ok) {
      setOnline([]);
    }
  };

  // Many leave at once (a gateway stopping): one read for the burst, not one each.
  let refreshing = null;
  const refreshOnlineSoon = () => {
    refreshing ??= setTimeout(() => {
      refreshing = null;
      refreshOnline();
    }, 300);
  };

  const events = new EventSource("/messages/events");
  events.onmessage = event => {
    const line = event.data;
    let match;
    if (line.startsWith("<<close>>")) {
      events.close();
      show(line.slice("<<close>>".length), true);
      document.body.dataset.stream = "closed";
    } else if ((match = /^welcome (\S+)$/.exec(line))) {
      show(`You are online as ${match[1]}.`, false);
      document.body.dataset.stream = "open";
      refreshOnline();
    } else if ((match = /^(\S+) logged in$/.exec(line))) {
      if (!currentOnline().includes(match[1])) {
        setOnline([...currentOnline(), match[1]]);
      }
      say(line, "presence");
    } else if ((match = /^(\S+) logged out$/.exec(line))) {
      refreshOnlineSoon();
      say(line, "presence");
    } else {
      say(line, "message");
    }
  };
  events.onerror = () => {
    if (events.readyState === EventSource.CONNECTING) {
      show("Connection lost, reconnecting…", true);
    } else if (document.body.dataset.stream !== "closed") {
      // Refused without a close line (a rate limit, a proxy): the browser does not retry by itself.
      show("Disconnected: reload the page to go online again.", true);
      document.body.dataset.stream = "closed";
    }
  };

  for (const form of document.querySelectorAll("form[data-command]")) {
    form.addEventListener("submit", async event => {
      event.preventDefault();
      const action = event.submitter?.getAttribute("formaction") ?? form.getAttribute("action");
      const fields = new FormData(form);
      if (fields.has("text")) {
        say(`${fields.has("to") ? `to ${fields.get("to")}` : "to everyone"}: ${fields.get("text")}`, "mine");
      }
      const response = await fetch(action, {
        method: "POST",
        headers: { Accept: "text/plain" },
        body: new URLSearchParams(fields),
      });
      const answer = await response.text();
      say(answer, answer.startsWith("ERR") ? "answer error" : "answer");
      if (response.ok && !answer.startsWith("ERR")) {
        form.querySelectorAll("[data-clear]").forEach(input => { input.value = ""; });
      }
    });
  }
})();
