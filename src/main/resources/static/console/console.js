/*
 * OpenLines operator console and supervisor view. Plain JavaScript, no build step: it is one client of the
 * REST API (/swagger-ui.html) plus the operator event stream, which it opens with one-time tickets so the
 * API key never appears in a URL. The key is kept in sessionStorage (this tab only).
 */
(function () {
  "use strict";
  var app = document.getElementById("app");
  var wantSupervisor = app.dataset.view === "supervisor";
  var linkedConversation = new URLSearchParams(location.search).get("conversation");
  var KEY = "openlines.apiKey";
  var me = null, source = null, lastEventId = null, retry = 0;
  var inbox = { offers: [], conversations: [] }, offerExpiry = {}, unread = {}, current = null, fetchedAt = 0;
  var typingClear, countdownTimer, inboxTimer, supTimer;
  var baseTitle = document.title;

  // ---- helpers -------------------------------------------------------------------------------------
  function h(tag, attrs) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) {
      var v = attrs[k];
      if (v == null || v === false) continue;
      if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), v);
      else if (k === "text") e.textContent = v;
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c == null) continue;
      [].concat(c).forEach(function (x) { if (x != null) e.append(x.nodeType ? x : String(x)); });
    }
    return e;
  }
  function api(method, path, body, extraHeaders) {
    var headers = Object.assign({ Authorization: "Bearer " + sessionStorage.getItem(KEY) }, extraHeaders);
    var form = body instanceof FormData;
    if (body !== undefined && !form) headers["Content-Type"] = "application/json";
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : form ? body : JSON.stringify(body) })
      .then(function (r) {
        if (r.status === 401) { signOut("Your key was not accepted: sign in again."); throw new Error("unauthorized"); }
        if (!r.ok) return r.json().catch(function () { return {}; }).then(function (p) { throw new Error(p.detail || p.title || ("HTTP " + r.status)); });
        return r.status === 204 || r.status === 202 ? null : r.json().catch(function () { return null; });
      });
  }
  function debounce(fn, ms) { var t; return function () { clearTimeout(t); t = setTimeout(fn, ms); }; }
  function time(iso) { return iso ? new Date(iso).toLocaleString() : ""; }
  function secs(ms) { return ms == null ? "–" : (ms / 1000).toFixed(1) + " s"; }
  function toast(message) { var s = document.getElementById("status"); if (s) s.textContent = message; }
  function clientLabel(c) { return c.title || c.clientName || ("Client " + String(c.clientId || "").slice(0, 8)); }

  // ---- sign in -------------------------------------------------------------------------------------
  function signOut(message) {
    sessionStorage.removeItem(KEY);
    if (source) source.close();
    source = null;
    renderSignIn(message);
  }
  function renderSignIn(message) {
    var input = h("input", { id: "api-key", type: "password", autocomplete: "off", required: true });
    var form = h("form", { class: "signin", "aria-labelledby": "signin-title", onsubmit: function (e) {
      e.preventDefault();
      sessionStorage.setItem(KEY, input.value.trim());
      start();
    } },
      h("h1", { id: "signin-title", text: wantSupervisor ? "OpenLines supervisor" : "OpenLines console" }),
      h("label", { for: "api-key", text: "API key (OPERATOR or SUPERVISOR)" }), input,
      message ? h("p", { class: "error", role: "alert", text: message }) : null,
      h("button", { class: "primary", type: "submit", id: "sign-in", text: "Sign in" }));
    app.replaceChildren(form);
    input.focus();
  }
  function start() {
    api("GET", "/api/me").then(function (who) {
      me = who;
      var isOperator = me.roles.indexOf("OPERATOR") >= 0 && me.operatorId;
      var isSupervisor = me.roles.indexOf("SUPERVISOR") >= 0;
      if ((wantSupervisor || !isOperator) && isSupervisor) renderSupervisor();
      else if (isOperator) renderOperator();
      else signOut("This key has neither the OPERATOR nor the SUPERVISOR role.");
      connect();
    }).catch(function (e) { if (e.message !== "unauthorized") renderSignIn(e.message); });
  }

  // ---- event stream --------------------------------------------------------------------------------
  var handlers = {};
  function connect() {
    if (source || !sessionStorage.getItem(KEY)) return;
    api("POST", "/api/operators/me/stream-tickets").then(function (ticket) {
      var url = "/api/operators/me/events?ticket=" + encodeURIComponent(ticket.ticket) +
        (lastEventId ? "&lastEventId=" + encodeURIComponent(lastEventId) : "");
      source = new EventSource(url);
      source.addEventListener("ready", function () { retry = 0; setLive(true); });
      ["offer", "offer-withdrawn", "assigned", "message", "delivery", "typing", "transfer", "closed", "rating", "kpi-alert", "reset"]
        .forEach(function (type) {
          source.addEventListener(type, function (e) {
            if (e.lastEventId) lastEventId = e.lastEventId;
            var data = e.data ? JSON.parse(e.data) : {};
            // The last events, for a look from the browser's developer tools (and the browser tests).
            window.openlinesEvents = (window.openlinesEvents || []).slice(-49)
              .concat([{ type: type, id: e.lastEventId, data: data, receivedAt: Date.now() }]);
            (handlers[type] || function () {})(data);
            (handlers["*"] || function () {})(type, data);
          });
        });
      // A ticket opens one stream: on a break, buy a new one and resume after the last event seen.
      source.onerror = function () {
        setLive(false);
        source.close();
        source = null;
        setTimeout(connect, Math.min(15000, 300 * Math.pow(2, retry++)));
      };
    }).catch(function () { setTimeout(connect, Math.min(15000, 1000 * Math.pow(2, retry++))); });
  }
  function setLive(live) {
    var s = document.getElementById("live");
    if (s) { s.textContent = live ? "● live" : "○ reconnecting"; s.dataset.live = String(live); }
  }

  function topBar(extra) {
    return h("div", { class: "top", role: "banner" },
      h("h1", { text: "OpenLines" }), extra,
      h("span", { class: "spacer" }),
      h("span", { id: "status", role: "status", "aria-live": "polite" }),
      h("span", { id: "live", "data-live": "false", text: "○ connecting" }),
      h("span", { text: me.displayName || me.userId }),
      h("button", { type: "button", onclick: function () { signOut(); }, text: "Sign out" }));
  }

  // ---- operator ------------------------------------------------------------------------------------
  function renderOperator() {
    var presence = h("select", { id: "presence", "aria-label": "My presence", onchange: function () {
      api("PUT", "/api/operators/me/presence", { presence: presence.value }).then(function (p) {
        toast("You are " + p.presence.toLowerCase() + (p.present ? "" : " (not taking conversations)"));
      }).catch(function (e) { toast(e.message); });
    } }, ["ONLINE", "AWAY", "OFFLINE"].map(function (p) { return h("option", { value: p, text: p.charAt(0) + p.slice(1).toLowerCase() }); }));
    var links = me.roles.indexOf("SUPERVISOR") >= 0 ? h("a", { href: "supervisor.html", text: "Supervisor view" }) : null;
    app.replaceChildren(
      topBar([h("label", { for: "presence", class: "sr", text: "Presence" }), presence, links]),
      h("div", { class: "layout" },
        h("nav", { class: "inbox", id: "inbox", "aria-label": "Inbox" }),
        h("main", { class: "conv", id: "conv" }, h("p", { class: "placeholder", text: "Pick a conversation or wait for an offer." })),
        h("aside", { class: "side", id: "side", "aria-label": "CRM card" })));
    api("GET", "/api/operators/me/presence").then(function (p) { presence.value = p.presence; }).catch(function () {});
    handlers = {
      offer: function (d) {
        var left = d.expiresAt ? new Date(d.expiresAt) - new Date(d.offeredAt) : null;
        offerExpiry[d.conversationId] = left == null ? null : Date.now() + left;
        // Shown at once from the event; the inbox read that follows fills in the client's name.
        provisional[d.conversationId] = { conversationId: d.conversationId, offeredAt: d.offeredAt, expiresAt: d.expiresAt, after: inboxRequested };
        addProvisionalOffers();
        drawInbox();
        notify();
        refreshInbox();
      },
      "offer-withdrawn": function (d) {
        delete offerExpiry[d.conversationId];
        delete provisional[d.conversationId];
        reopenAfterRefresh(d);
      },
      assigned: reopenAfterRefresh,
      transfer: reopenAfterRefresh,
      closed: function (d) { closedIds[d.conversationId] = true; reopenAfterRefresh(d); },
      rating: function (d) { if (isCurrent(d)) toast("Client rated: " + d.rating + (d.comment ? " — " + d.comment : "")); },
      message: function (d) {
        if (isCurrent(d)) { showMessage(d); loadMessages(); clearTyping(); }
        else if (d.author === "CLIENT") { unread[d.conversationId] = (unread[d.conversationId] || 0) + 1; notify(); }
        refreshInbox();
      },
      delivery: function (d) { if (isCurrent(d)) loadMessages(); },
      typing: function (d) {
        if (!isCurrent(d)) return;
        var line = document.getElementById("typing-preview");
        line.textContent = d.preview != null ? "Client is typing: " + d.preview : "Client is typing…";
        clearTimeout(typingClear);
        typingClear = setTimeout(clearTyping, 5000);
      },
      reset: function () { refreshInbox().then(function () { if (current) openConversation(current.id); }); }
    };
    // A link from a notification (?conversation=<id>) opens that conversation.
    refreshInbox().then(function () { if (linkedConversation) openConversation(linkedConversation); });
    clearInterval(countdownTimer);
    countdownTimer = setInterval(tickCountdowns, 1000);
    document.addEventListener("keydown", keyboard);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) document.title = baseTitle; });
  }
  function isCurrent(d) { return current && current.id === d.conversationId; }
  function clearTyping() { var l = document.getElementById("typing-preview"); if (l) l.textContent = ""; }

  /**
   * Reads the inbox again (several calls within 30 ms make one read). The promise settles once the inbox
   * drawn is at least as new as the call, so what depends on it (which buttons a conversation shows) never
   * works from the state before an action. Answers are applied in request order: a slow older read never
   * overwrites a newer one.
   */
  var closedIds = {};
  var inboxWaiters = [], inboxDebounce, inboxRequested = 0, inboxApplied = 0, provisional = {};
  function refreshInbox() {
    return new Promise(function (resolve) {
      inboxWaiters.push(resolve);
      clearTimeout(inboxDebounce);
      inboxDebounce = setTimeout(readInbox, 30);
    });
  }
  function readInbox() {
    var waiters = inboxWaiters, seq = ++inboxRequested;
    inboxWaiters = [];
    api("GET", "/api/operators/me/inbox").then(function (data) {
      if (seq < inboxApplied) return;
      inboxApplied = seq;
      inbox = data;
      fetchedAt = Date.now();
      data.offers.forEach(function (o) {
        if (!(o.conversationId in offerExpiry)) offerExpiry[o.conversationId] = o.expiresAt ? fetchedAt + o.secondsLeft * 1000 : null;
      });
      Object.keys(provisional).forEach(function (id) { if (seq > provisional[id].after) delete provisional[id]; });
      addProvisionalOffers();
      drawInbox();
    }).catch(function (e) { toast(e.message); })
      .then(function () { waiters.forEach(function (w) { w(); }); });
  }
  /** Offers announced by the stream after the inbox drawn was read. */
  function addProvisionalOffers() {
    Object.keys(provisional).forEach(function (id) {
      if (!inbox.offers.some(function (o) { return o.conversationId === id; })) inbox.offers = [provisional[id]].concat(inbox.offers);
    });
  }
  function reopenAfterRefresh(d) {
    refreshInbox().then(function () { if (isCurrent(d)) openConversation(d.conversationId); });
  }

  var audio = null;
  function notify() {
    var count = inbox.offers.length + 1;
    if (document.hidden || !document.hasFocus()) document.title = "(" + count + ") New activity — " + baseTitle;
    // After the frame that shows the news: starting audio can take the main thread for a while.
    setTimeout(beep, 0);
  }
  function beep() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = 880; gain.gain.value = 0.05;
      osc.connect(gain); gain.connect(audio.destination); osc.start(); osc.stop(audio.currentTime + 0.15);
    } catch (e) { /* no audio */ }
  }

  function drawInbox() {
    var nav = document.getElementById("inbox");
    if (!nav) return;
    var waiting = inbox.conversations.filter(function (c) { return c.clientWaitingForReply && c.status !== "CLOSED"; });
    var others = inbox.conversations.filter(function (c) { return waiting.indexOf(c) < 0; });
    function item(c, kind) {
      var count = unread[c.conversationId] || (c.unread ? 1 : 0);
      return h("button", { type: "button", class: "item", "data-id": c.conversationId, "data-kind": kind,
        "aria-current": current && current.id === c.conversationId ? "true" : "false",
        onclick: function () { openConversation(c.conversationId, kind); } },
        h("div", { class: "name" }, (c.pinned ? "📌 " : "") + clientLabel(c), count ? h("span", { class: "badge", "aria-label": count + " unread", text: String(count) }) : null),
        h("div", { class: "meta" },
          kind === "offer"
            ? h("span", { class: "countdown", "data-countdown": c.conversationId, text: countdownText(c.conversationId) })
            : (c.status || "") + (c.invited ? " · invited" : "") + " · " + time(c.lastActivityAt)));
    }
    function section(title, list, kind, id) {
      return [h("h2", { id: id, text: title + " (" + list.length + ")" }),
        list.length ? h("div", { role: "list", "aria-labelledby": id }, list.map(function (c) { return item(c, kind); }))
          : h("p", { class: "empty", text: "Nothing here." })];
    }
    nav.replaceChildren.apply(nav, [].concat(
      section("Offers", inbox.offers, "offer", "h-offers"),
      section("Waiting for your reply", waiting, "mine", "h-waiting"),
      section("My conversations", others, "mine", "h-mine")));
  }
  function countdownText(id) {
    var at = offerExpiry[id];
    if (at == null) return "offered to everyone";
    var left = Math.max(0, Math.round((at - Date.now()) / 1000));
    return "moves on in " + Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
  }
  function tickCountdowns() {
    document.querySelectorAll("[data-countdown]").forEach(function (e) { e.textContent = countdownText(e.dataset.countdown); });
  }

  function keyboard(e) {
    if (!e.altKey) return;
    var items = [].slice.call(document.querySelectorAll(".inbox .item"));
    var at = items.findIndex(function (b) { return b.getAttribute("aria-current") === "true"; });
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      var next = items[Math.max(0, Math.min(items.length - 1, at + (e.key === "ArrowDown" ? 1 : -1)))];
      if (next) { next.click(); next.focus(); }
    } else if (e.key === "a" && current && current.kind === "offer") { e.preventDefault(); act("answer"); }
  }

  function findItem(id) {
    var offer = inbox.offers.find(function (o) { return o.conversationId === id; });
    if (offer) return { kind: "offer", item: offer };
    var mine = inbox.conversations.find(function (c) { return c.conversationId === id; });
    return mine ? { kind: "mine", item: mine } : null;
  }

  function openConversation(id, kind) {
    var found = findItem(id);
    // A closed conversation leaves the inbox: shown read-only, without actions.
    current = { id: id, kind: found ? found.kind : kind || "other",
      item: found ? found.item : { conversationId: id, status: closedIds[id] ? "CLOSED" : undefined } };
    delete unread[id];
    drawInbox();
    var c = current.item;
    var held = current.kind === "mine" && !c.invited && c.status !== "CLOSED";
    var conv = document.getElementById("conv");
    // Redrawn only when what the operator can do changed: an event about the same state keeps the draft reply.
    var view = [id, current.kind, c.status, !!c.invited, !!c.pinned, clientLabel(c)].join("|");
    if (conv.dataset.view === view) { loadMessages(); return; }
    conv.dataset.view = view;
    var actions;
    if (current.kind === "offer") {
      actions = [button("Answer", "answer", "primary", "Alt+A"), button("Skip", "skip")];
    } else if (held) {
      actions = [button(c.pinned ? "Unpin" : "Pin", c.pinned ? "unpin" : "pin"), button("Transfer…", "transfer"),
        button("Invite…", "join"), button("Spam", "spam", "danger"), button("Close", "close", "danger")];
    } else if (c.status !== "CLOSED") {
      actions = [button("Take over", "intercept")];
    } else actions = [];
    var text = h("textarea", { id: "reply", "aria-label": "Reply to the client", placeholder: "Reply… (Enter sends, Shift+Enter new line)",
      oninput: sendTyping, onkeydown: function (e) { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); send(); } } });
    var silent = h("input", { type: "checkbox", id: "silent" });
    var quickInput = h("input", { id: "quick", type: "search", placeholder: "Quick answers…", "aria-label": "Search quick answers",
      oninput: debounce(searchQuick, 200), onfocus: searchQuick });
    var parts = [
      h("header", null, h("h2", { id: "conv-title", text: clientLabel(c) }), actions),
      h("div", { class: "messages", id: "messages", role: "log", "aria-label": "Messages", tabindex: "0" }),
      h("div", { class: "typing-preview", id: "typing-preview", "aria-live": "polite" })];
    if (current.kind !== "offer" && c.status !== "CLOSED") {
      parts.push(h("div", { class: "composer" }, text,
        h("div", { class: "row" },
          h("button", { type: "button", class: "primary", id: "send", onclick: send, text: "Send" }),
          h("label", null, silent, " Silent note (only colleagues see it)"),
          h("label", { class: "attach" }, "📎 ", h("input", { type: "file", id: "attach", "aria-label": "Attach a file (sent with the reply as caption)" })),
          h("span", { class: "quick" }, quickInput, h("ul", { id: "quick-list", hidden: true })))));
    }
    conv.replaceChildren.apply(conv, parts);
    loadMessages();
    loadCrm();
    if (current.kind !== "offer") text.focus();
  }
  function button(label, action, cls, shortcut) {
    return h("button", { type: "button", class: cls, "data-action": action, "aria-keyshortcuts": shortcut, onclick: function () { act(action); }, text: label });
  }
  function act(action) {
    var id = current.id, body;
    if (action === "transfer") {
      var to = prompt("Transfer to operator id (or channel:<id> for another open channel)");
      if (!to) return;
      body = to.indexOf("channel:") === 0 ? { channelId: to.slice(8) } : { operatorId: to };
    } else if (action === "join") {
      var who = prompt("Invite operator id");
      if (!who) return;
      body = { operatorId: who };
    } else if ((action === "close" || action === "spam") && !confirm(action === "spam" ? "Mark as spam and close?" : "Close this conversation?")) return;
    if (action === "close") {
      // Close what the operator saw: a client message that arrives meanwhile makes the close a 409 to show it.
      var shown = document.querySelectorAll("#messages [data-message-id]");
      var newest = shown.length ? shown[shown.length - 1].getAttribute("data-message-id") : "";
      if (newest) body = { seenMessageId: newest };
    }
    api("POST", "/api/conversations/" + encodeURIComponent(id) + "/" + action, body).then(function () {
      toast(action + " done");
      refreshInbox().then(function () { if (current && current.id === id) openConversation(id); });
    }).catch(function (e) { toast(e.message); if (action === "close") loadMessages(); });
  }

  var lastTypingSent = 0;
  function sendTyping() {
    if (!current || Date.now() - lastTypingSent < 2000) return;
    lastTypingSent = Date.now();
    api("POST", "/api/conversations/" + encodeURIComponent(current.id) + "/typing").catch(function () {});
  }
  // The reply whose answer did not come (network error, service restarting): pressing Send again with the same
  // text sends it under the same Idempotency-Key, so the client gets it once even if the first one went out.
  var unanswered = null;
  function idempotencyKey(what) {
    if (!unanswered || unanswered.what !== what) {
      unanswered = { what: what, key: (crypto.randomUUID && crypto.randomUUID()) || String(Date.now() + Math.random()) };
    }
    return { "Idempotency-Key": unanswered.key };
  }
  function send() {
    var text = document.getElementById("reply"), silent = document.getElementById("silent"), attach = document.getElementById("attach");
    var value = text.value.trim(), file = attach && attach.files[0];
    if (!value && !file) return;
    var button = document.getElementById("send");
    button.disabled = true;
    var path = "/api/conversations/" + encodeURIComponent(current.id);
    var sending;
    if (file) {
      // A file goes to the client with the reply as its caption (never as a silent note).
      var form = new FormData();
      form.append("file", file);
      if (value) form.append("text", value);
      sending = api("POST", path + "/attachments", form,
        idempotencyKey(JSON.stringify([path, "file", file.name, file.size, file.lastModified, value])));
    } else sending = api("POST", path + "/messages", { text: value, silent: silent.checked },
      idempotencyKey(JSON.stringify([path, "text", value, silent.checked])));
    sending.then(function () { unanswered = null; text.value = ""; silent.checked = false; if (attach) attach.value = ""; loadMessages(); refreshInbox(); })
      .catch(function (e) {
        // fetch rejects with a TypeError when no answer came: the reply may or may not have gone out.
        toast(e instanceof TypeError ? "No answer from the service: press Send again (the client gets your message once)." : e.message);
      })
      .then(function () { button.disabled = false; text.focus(); });
  }

  function loadMessages() {
    if (!current) return;
    var id = current.id;
    api("GET", "/api/conversations/" + encodeURIComponent(id) + "/messages").then(function (messages) {
      if (!current || current.id !== id) return;
      var box = document.getElementById("messages");
      box.replaceChildren.apply(box, messages.map(drawMessage));
      box.scrollTop = box.scrollHeight;
    }).catch(function (e) {
      var box = document.getElementById("messages");
      if (box) box.replaceChildren(h("p", { class: "error", text: e.message }));
    });
  }
  /** A message event drawn at once; the history read that follows replaces it with the stored version. */
  function showMessage(d) {
    var box = document.getElementById("messages");
    if (!box || box.querySelector("[data-message-id='" + CSS.escape(d.messageId || "") + "']")) return;
    box.append(drawMessage({ id: d.messageId, author: d.author, operatorId: d.operatorId, text: d.text, silent: d.silent, createdAt: d.sentAt }));
    box.scrollTop = box.scrollHeight;
  }
  function drawMessage(m) {
    var author = (m.author || "SYSTEM").toLowerCase();
    var mine = m.author === "OPERATOR" && m.operatorId === me.operatorId && !m.deletedAt;
    var cls = "m " + author + (m.silent ? " silent" : "") + (m.deletedAt ? " deleted" : "");
    return h("div", { class: cls, "data-author": m.author, "data-message-id": m.id, "data-delivery": m.delivery || "" },
      h("div", { class: "who" }, h("span", { text: (m.author === "OPERATOR" ? (m.operatorId || "operator") : author) + (m.silent ? " · silent" : "") +
        (m.editedAt ? " · edited" : "") + " · " + time(m.createdAt) }),
        deliveryMark(m),
        mine ? h("button", { type: "button", "aria-label": "Edit message", onclick: function () { editMessage(m); }, text: "Edit" }) : null,
        mine ? h("button", { type: "button", "aria-label": "Delete message", onclick: function () { deleteMessage(m); }, text: "Delete" }) : null),
      m.text || "",
      (m.attachments || []).map(function (a, i) { return drawAttachment(m, a, i); }));
  }
  /**
   * What the client has not got: a message still waiting for its messenger (it goes out by itself once the messenger
   * answers; the mark goes when the "delivery" event says so) or one the messenger refused for good, with its reason.
   */
  function deliveryMark(m) {
    if (m.author === "CLIENT" || m.silent || !m.delivery || m.delivery === "DELIVERED" || m.delivery === "NOT_SENT") return null;
    var refused = m.delivery === "REFUSED";
    return h("span", { class: "delivery " + (refused ? "refused" : "waiting"), title: m.deliveryError || "",
      text: refused ? "not delivered: " + (m.deliveryError || "refused by the messenger") : "not delivered yet, retrying" });
  }
  /**
   * A file of a message: a download link (and a thumbnail for a picture) for files OpenLines keeps. Downloads need the
   * API key in a header, so the file is fetched and handed to the browser as a blob: the key never goes into a URL.
   */
  function drawAttachment(m, a, i) {
    var label = "📎 " + (a.name || "attachment") + (a.size ? " (" + kb(a.size) + ")" : "");
    if (!a.downloadReference || a.downloadReference.indexOf("openlines-file:") !== 0) {
      return h("div", { class: "attachment", text: label + (a.tooLarge ? " — over the size limit, not kept" : "") });
    }
    var path = "/api/conversations/" + encodeURIComponent(m.conversationId) + "/messages/" + encodeURIComponent(m.id) + "/attachments/" + i;
    var link = h("a", { href: "#", class: "attachment", download: a.name || "file", "data-attachment": path, text: label,
      onclick: function (e) {
        if (link.href.indexOf("blob:") === 0) return;
        e.preventDefault();
        fileUrl(path).then(function (url) { link.href = url; link.click(); }).catch(function (x) { toast(x.message); });
      } });
    if (!/^image\/(png|jpeg|gif|webp)$/.test(a.contentType || "")) return h("div", null, link);
    var thumb = h("img", { class: "thumb", alt: a.name || "picture" });
    fileUrl(path).then(function (url) { thumb.src = url; }).catch(function () { thumb.alt = "picture not loaded"; });
    return h("div", null, thumb, h("br"), link);
  }
  var files = {};
  function fileUrl(path) {
    if (!files[path]) {
      files[path] = fetch(path, { headers: { Authorization: "Bearer " + sessionStorage.getItem(KEY) } }).then(function (r) {
        if (!r.ok) throw new Error("Download failed: HTTP " + r.status);
        return r.blob();
      }).then(function (b) { return URL.createObjectURL(b); });
      files[path].catch(function () { delete files[path]; });
    }
    return files[path];
  }
  function kb(bytes) { return bytes < 1024 ? bytes + " B" : (bytes / 1024).toFixed(bytes < 10240 ? 1 : 0) + " KB"; }
  function editMessage(m) {
    var text = prompt("Edit message", m.text);
    if (text == null || text === m.text) return;
    api("PUT", "/api/conversations/" + encodeURIComponent(current.id) + "/messages/" + encodeURIComponent(m.id), { text: text })
      .then(loadMessages).catch(function (e) { toast(e.message); });
  }
  function deleteMessage(m) {
    if (!confirm("Delete this message?")) return;
    api("DELETE", "/api/conversations/" + encodeURIComponent(current.id) + "/messages/" + encodeURIComponent(m.id))
      .then(loadMessages).catch(function (e) { toast(e.message); });
  }

  function searchQuick() {
    var list = document.getElementById("quick-list"), q = document.getElementById("quick").value;
    var channel = current.item.channelId;
    if (!channel) return;
    api("GET", "/api/channels/" + encodeURIComponent(channel) + "/quick-answers" + (q ? "?q=" + encodeURIComponent(q) : ""))
      .then(function (answers) {
        list.hidden = !answers.length;
        list.replaceChildren.apply(list, answers.slice(0, 20).map(function (a) {
          return h("li", null, h("button", { type: "button", onclick: function () {
            var reply = document.getElementById("reply");
            reply.value = (reply.value ? reply.value + " " : "") + a.text;
            list.hidden = true;
            reply.focus();
          } }, h("strong", { text: a.title }), " — " + a.text.slice(0, 80)));
        }));
      }).catch(function () { list.hidden = true; });
  }

  function loadCrm() {
    var side = document.getElementById("side");
    var id = current.id;
    side.replaceChildren(h("h2", { text: "CRM card" }));
    api("GET", "/api/conversations/" + encodeURIComponent(id) + "/crm").then(function (card) {
      if (!current || current.id !== id) return;
      side.append(dl("Contact", card.contact), dl("Lead", card.lead), dl("Deal", card.deal),
        h("p", { text: (card.conversationIds || []).length + " conversation(s) of this client" }),
        card.lead ? null : h("button", { type: "button", onclick: function () {
          api("POST", "/api/conversations/" + encodeURIComponent(id) + "/crm/lead", {}).then(loadCrm).catch(function (e) { toast(e.message); });
        }, text: "Create lead" }));
    }).catch(function (e) { side.append(h("p", { class: "error", text: e.message })); });
  }
  function dl(title, object) {
    if (!object) return h("div", null, h("h3", { text: title }), h("p", { class: "empty", text: "none" }));
    var rows = [];
    Object.keys(object).forEach(function (k) {
      var v = object[k];
      if (v == null || typeof v === "object" && !Array.isArray(v)) return;
      if (Array.isArray(v)) v = v.map(function (x) { return typeof x === "object" ? Object.values(x).join(" ") : x; }).join(", ");
      if (v === "") return;
      rows.push(h("dt", { text: k }), h("dd", { text: String(v) }));
    });
    return h("div", null, h("h3", { text: title }), h("dl", null, rows));
  }

  // ---- supervisor ----------------------------------------------------------------------------------
  var selectedRow = null;
  function renderSupervisor() {
    var links = me.roles.indexOf("OPERATOR") >= 0 ? h("a", { href: "index.html", text: "My inbox" }) : null;
    function field(label, input) { return h("label", null, label, input); }
    var status = h("select", { name: "status" }, ["", "NEW", "WITH_BOT", "QUEUED", "OFFERED", "IN_PROGRESS", "CLOSED", "SPAM"].map(function (s) { return h("option", { value: s, text: s || "any" }); }));
    var rating = h("select", { name: "clientRating" }, ["", "LIKE", "DISLIKE"].map(function (s) { return h("option", { value: s, text: s || "any" }); }));
    var breached = h("select", { name: "kpiBreached" }, [["", "any"], ["true", "late reply"], ["false", "on time"]].map(function (s) { return h("option", { value: s[0], text: s[1] }); }));
    var filters = h("form", { class: "filters", id: "filters", onsubmit: function (e) { e.preventDefault(); loadRows(); } },
      field("Channel", h("input", { name: "channelId", size: 10 })), field("Operator", h("input", { name: "operatorId", size: 10 })),
      field("Status", status), field("Client rating", rating), field("KPI", breached),
      h("button", { type: "submit", class: "primary", text: "Filter" }));
    var from = new Date(Date.now() - 7 * 864e5).toISOString().slice(0, 10);
    app.replaceChildren(topBar(links), h("main", { class: "sup" },
      h("section", { class: "card" }, h("h2", { text: "Conversations" }), filters, h("div", { id: "rows" })),
      h("div", { class: "grid2" },
        h("section", { class: "card", id: "transcript" }, h("h2", { text: "Transcript" }), h("p", { class: "empty", text: "Pick a conversation." })),
        h("section", { class: "card" }, h("h2", { text: "Operators since " + from }), h("div", { id: "chart" }), h("div", { id: "stats" }))),
      h("div", { class: "grid2" },
        h("section", { class: "card" }, h("h2", { text: "KPI alerts" }), h("ul", { id: "alerts" })),
        h("section", { class: "card" }, h("h2", { text: "Process health" }), h("div", { id: "health" })))));
    var refresh = debounce(function () { loadRows(); loadStats(from); }, 300);
    handlers = {
      "*": function (type, d) {
        if (type === "kpi-alert") { addAlert(d, true); return; }
        refresh();
        if (selectedRow === d.conversationId && (type === "message" || type === "rating" || type === "closed")) loadTranscript(selectedRow);
      }
    };
    loadRows(); loadStats(from); loadAlerts(); loadHealth();
    if (linkedConversation) { selectedRow = linkedConversation; loadTranscript(linkedConversation); }
    clearInterval(supTimer);
    supTimer = setInterval(loadHealth, 30000);
  }
  function loadRows() {
    var form = document.getElementById("filters");
    var params = new URLSearchParams();
    [].forEach.call(form.elements, function (e) { if (e.name && e.value) params.set(e.name, e.value); });
    api("GET", "/api/supervisor/conversations?" + params).then(function (rows) {
      var table = h("table", { id: "conversations" },
        h("thead", null, h("tr", null, ["Created", "Channel", "Operator", "Status", "First reply", "Avg reply", "Max reply", "Replies", "Late", "Client", "Grade"]
          .map(function (x) { return h("th", { scope: "col", text: x }); }))),
        h("tbody", null, rows.map(function (r) {
          return h("tr", { class: "clickable", tabindex: "0", "data-id": r.id, "aria-selected": String(r.id === selectedRow),
            onclick: function () { selectRow(r); }, onkeydown: function (e) { if (e.key === "Enter") selectRow(r); } },
            [time(r.createdAt), r.channelId, r.operatorId || "–", r.status, secs(r.firstResponseMillis), secs(r.averageResponseMillis),
              secs(r.maxResponseMillis), r.responses, r.kpiBreaches,
              r.clientRating ? (r.clientRating === "LIKE" ? "👍" : "👎") + (r.clientRatingComment ? " " + r.clientRatingComment : "") : "–",
              r.supervisorRating ? r.supervisorRating.score + "/5" : "–"].map(function (v, i) {
              return h("td", { "data-col": ["created", "channel", "operator", "status", "first", "avg", "max", "replies", "late", "rating", "grade"][i], text: String(v) });
            }));
        })));
      document.getElementById("rows").replaceChildren(rows.length ? table : h("p", { class: "empty", text: "No conversations match." }));
    }).catch(function (e) { toast(e.message); });
  }
  function selectRow(r) {
    selectedRow = r.id;
    document.querySelectorAll("#conversations tr[data-id]").forEach(function (tr) { tr.setAttribute("aria-selected", String(tr.dataset.id === r.id)); });
    loadTranscript(r.id);
  }
  function loadTranscript(id) {
    var box = document.getElementById("transcript");
    api("GET", "/api/supervisor/conversations/" + encodeURIComponent(id) + "/messages").then(function (messages) {
      var score = h("select", { id: "grade", "aria-label": "Grade 1 to 5" }, [5, 4, 3, 2, 1].map(function (s) { return h("option", { value: s, text: s + "/5" }); }));
      var comment = h("input", { id: "grade-comment", "aria-label": "Comment on the grade", placeholder: "Comment" });
      box.replaceChildren(h("h2", { text: "Transcript " + id.slice(0, 8) }),
        h("div", { class: "messages" }, messages.map(drawMessage)),
        h("form", { class: "filters", onsubmit: function (e) {
          e.preventDefault();
          api("PUT", "/api/supervisor/conversations/" + encodeURIComponent(id) + "/rating", { score: Number(score.value), comment: comment.value || null })
            .then(function () { toast("Graded"); loadRows(); }).catch(function (x) { toast(x.message); });
        } }, h("label", null, "Grade", score), h("label", null, "Comment", comment), h("button", { type: "submit", text: "Save grade" })));
    }).catch(function (e) { box.replaceChildren(h("p", { class: "error", text: e.message })); });
  }
  function loadStats(from) {
    // The panel shows everything since `from`; the API wants an end, so one far enough that a server clock
    // ahead of the browser's (or conversations created late today) still counts: a year from now.
    var to = new Date(Date.now() + 366 * 864e5).toISOString().slice(0, 10);
    api("GET", "/api/supervisor/statistics?from=" + from + "T00:00:00Z&to=" + to + "T00:00:00Z").then(function (s) {
      document.getElementById("chart").replaceChildren(chart(s.operators));
      document.getElementById("stats").replaceChildren(h("table", null,
        h("thead", null, h("tr", null, ["Operator", "Chats", "Closed", "Avg first reply", "Avg reply", "Late", "👍", "👎"].map(function (x) { return h("th", { scope: "col", text: x }); }))),
        h("tbody", null, s.operators.map(function (l) {
          return h("tr", null, [l.key, l.conversations, l.closed, secs(l.averageFirstResponseMillis), secs(l.averageResponseMillis), l.kpiBreaches, l.likes, l.dislikes]
            .map(function (v) { return h("td", { text: String(v) }); }));
        }))));
    }).catch(function (e) { toast(e.message); });
  }
  /** Bars per operator: conversations (blue) and average first reply in seconds (orange). Inline SVG, no library. */
  function chart(lines) {
    var NS = "http://www.w3.org/2000/svg";
    function s(tag, attrs, text) { var e = document.createElementNS(NS, tag); for (var k in attrs) e.setAttribute(k, attrs[k]); if (text != null) e.textContent = text; return e; }
    var width = 460, row = 34, height = Math.max(1, lines.length) * row + 24;
    var svg = s("svg", { viewBox: "0 0 " + width + " " + height, width: "100%", role: "img", "aria-label": "Conversations and average first reply per operator" });
    var maxChats = Math.max.apply(null, [1].concat(lines.map(function (l) { return l.conversations; })));
    var maxFirst = Math.max.apply(null, [1].concat(lines.map(function (l) { return l.averageFirstResponseMillis || 0; })));
    lines.forEach(function (l, i) {
      var y = i * row + 4;
      svg.append(s("text", { x: 0, y: y + 14, "font-size": 12, fill: "#1b1b1f" }, l.key));
      var w1 = 260 * l.conversations / maxChats, w2 = 260 * (l.averageFirstResponseMillis || 0) / maxFirst;
      svg.append(s("rect", { x: 120, y: y, width: Math.max(1, w1), height: 12, fill: "#0b57d0" }));
      svg.append(s("text", { x: 124 + w1, y: y + 11, "font-size": 11, fill: "#1b1b1f" }, l.conversations + " chats"));
      svg.append(s("rect", { x: 120, y: y + 14, width: Math.max(1, w2), height: 12, fill: "#c25e00" }));
      svg.append(s("text", { x: 124 + w2, y: y + 25, "font-size": 11, fill: "#1b1b1f" }, secs(l.averageFirstResponseMillis) + " first reply"));
    });
    if (!lines.length) svg.append(s("text", { x: 0, y: 16, "font-size": 12, fill: "#4a4f57" }, "No conversations in this period."));
    return svg;
  }
  function loadAlerts() {
    api("GET", "/api/supervisor/notifications").then(function (list) {
      document.getElementById("alerts").replaceChildren();
      list.slice(0, 50).reverse().forEach(function (n) { addAlert(n, false); });
    }).catch(function () {});
  }
  function addAlert(n, fresh) {
    var list = document.getElementById("alerts");
    if (!list) return;
    list.prepend(h("li", { class: fresh ? "error" : null, text: time(n.createdAt || n.at) + " — " + n.text }));
    if (fresh) document.title = "KPI alert — " + baseTitle;
  }
  function loadHealth() {
    api("GET", "/api/supervisor/process-health").then(function (issues) {
      var box = document.getElementById("health");
      if (!box) return;
      box.replaceChildren(issues.length ? h("table", null, h("tbody", null, issues.map(function (i) {
        return h("tr", null, Object.keys(i).slice(0, 5).map(function (k) { var v = i[k]; return h("td", { text: v == null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v) }); }));
      }))) : h("p", { text: "✔ No incidents, failed deliveries or stuck conversations." }));
    }).catch(function () {});
  }

  if (sessionStorage.getItem(KEY)) start(); else renderSignIn();
})();
