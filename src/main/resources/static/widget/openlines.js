/*
 * OpenLines website chat widget. Embed with one tag:
 *   <script src="https://chat.example/widget/openlines.js" data-connector="web" async></script>
 * Optional: data-title, data-color, data-lang (en|de|ru), data-greeting, data-position (right|left).
 * Everything lives in a shadow root, so the host page's styles neither leak in nor out.
 * The session token stays in localStorage (survives reloads); the event stream uses one-time tickets.
 * Files (📎) go within the connector's limits (maxAttachmentBytes, attachmentTypes); the server names the limit otherwise.
 */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector("script[data-connector]");
  if (!script || window.__openlinesWidget) return;
  window.__openlinesWidget = true;
  var cfg = script.dataset;
  var base = new URL(script.src, location.href).origin;
  var connector = cfg.connector;
  var color = /^#[0-9a-fA-F]{3,8}$/.test(cfg.color || "") ? cfg.color : "#0b57d0";
  var TEXTS = {
    en: { offline: "We are offline and take no new chats right now.", open: "Chat with us", title: "Chat", close: "Close chat", name: "Your name", email: "E-mail (optional)",
      start: "Start chat", accept: "I agree", message: "Type a message", send: "Send", typing: "Operator is typing…",
      closed: "The conversation was closed. How did we do?", like: "Good", dislike: "Bad", comment: "Comment (optional)",
      rate: "Send rating", thanks: "Thank you for your rating!", history: "E-mail me this conversation",
      historySent: "The transcript is on its way.", attach: "Attach a file", tooLarge: "File too large (limit %s)",
      error: "Could not send. Check your connection and try again.", newChat: "Write again to start a new conversation.",
      busy: "All our operators are busy right now. Your message will be sent again in %s s." },
    de: { offline: "Wir sind gerade offline und nehmen keine neuen Chats an.", open: "Chatten Sie mit uns", title: "Chat", close: "Chat schließen", name: "Ihr Name", email: "E-Mail (optional)",
      start: "Chat starten", accept: "Einverstanden", message: "Nachricht eingeben", send: "Senden", typing: "Mitarbeiter schreibt…",
      closed: "Das Gespräch wurde beendet. Wie waren wir?", like: "Gut", dislike: "Schlecht", comment: "Kommentar (optional)",
      rate: "Bewertung senden", thanks: "Danke für Ihre Bewertung!", history: "Verlauf per E-Mail senden",
      historySent: "Der Verlauf ist unterwegs.", attach: "Datei anhängen", tooLarge: "Datei zu groß (max. %s)",
      error: "Senden fehlgeschlagen. Bitte erneut versuchen.", newChat: "Schreiben Sie, um ein neues Gespräch zu beginnen.",
      busy: "Alle Mitarbeiter sind gerade beschäftigt. Ihre Nachricht wird in %s s erneut gesendet." },
    ru: { offline: "Сейчас мы не принимаем новые обращения.", open: "Напишите нам", title: "Чат", close: "Закрыть чат", name: "Ваше имя", email: "E-mail (необязательно)",
      start: "Начать чат", accept: "Согласен", message: "Введите сообщение", send: "Отправить", typing: "Оператор печатает…",
      closed: "Диалог завершён. Оцените нашу работу", like: "Хорошо", dislike: "Плохо", comment: "Комментарий (необязательно)",
      rate: "Отправить оценку", thanks: "Спасибо за оценку!", history: "Прислать переписку на e-mail",
      historySent: "Переписка отправлена.", attach: "Прикрепить файл", tooLarge: "Файл слишком большой (лимит %s)",
      error: "Не удалось отправить. Попробуйте ещё раз.", newChat: "Напишите, чтобы начать новый диалог.",
      busy: "Все операторы сейчас заняты. Сообщение будет отправлено повторно через %s с." }
  };
  var lang = (cfg.lang || navigator.language || "en").slice(0, 2);
  var t = TEXTS[lang] || TEXTS.en;
  var KEY = "openlines:" + connector;
  var state = load() || {};
  state.messages = state.messages || [];

  function load() { try { return JSON.parse(localStorage.getItem(KEY)); } catch (e) { return null; } }
  function save() { try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ } }

  var host = document.createElement("div");
  host.id = "openlines-widget";
  var root = host.attachShadow({ mode: "open" });
  var side = cfg.position === "left" ? "left" : "right";
  root.innerHTML =
    "<style>" +
    ":host{all:initial}[hidden]{display:none!important}*{box-sizing:border-box;font:15px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}" +
    ".bubble{position:fixed;bottom:20px;" + side + ":20px;z-index:2147483000;border:0;border-radius:28px;padding:14px 20px;background:var(--c);color:#fff;font-weight:600;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25)}" +
    ".panel{position:fixed;bottom:20px;" + side + ":20px;z-index:2147483001;width:360px;max-width:calc(100vw - 24px);height:540px;max-height:calc(100vh - 40px);background:#fff;color:#1b1b1f;border-radius:14px;box-shadow:0 8px 30px rgba(0,0,0,.3);display:flex;flex-direction:column;overflow:hidden}" +
    "@media (max-width:480px){.panel{inset:0;width:100%;max-width:none;height:100%;max-height:none;border-radius:0}}" +
    "header{background:var(--c);color:#fff;padding:12px 14px;display:flex;align-items:center;justify-content:space-between}" +
    "header h2{margin:0;font-size:17px;font-weight:600}header button{background:none;border:0;color:#fff;font-size:22px;cursor:pointer;line-height:1;padding:4px 8px}" +
    ".body{flex:1;overflow:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f6f7f9}" +
    ".msg{max-width:85%;padding:8px 11px;border-radius:12px;white-space:pre-wrap;word-wrap:break-word}" +
    ".me{align-self:flex-end;background:var(--c);color:#fff}.op{align-self:flex-start;background:#fff;border:1px solid #d7dae0}" +
    ".sys{align-self:center;background:#e9ebef;color:#333;font-size:13px}.file a{color:inherit}.thumb{display:block;max-width:200px;max-height:150px;border-radius:8px;margin:4px 0}.who{display:block;font-size:12px;color:#555;margin-bottom:2px}.ava{width:20px;height:20px;border-radius:50%;vertical-align:middle;margin-right:4px}" +
    ".typing{font-size:13px;color:#444;padding:0 14px 4px;min-height:18px}" +
    "form{display:flex;flex-direction:column;gap:8px;padding:12px}label{font-size:13px;color:#333}" +
    "input,textarea{width:100%;border:1px solid #8a8f98;border-radius:8px;padding:9px;color:#1b1b1f;background:#fff}" +
    "textarea{resize:none;height:44px}" +
    ".row{display:flex;gap:6px;align-items:flex-end;padding:8px;border-top:1px solid #d7dae0}" +
    ".btn{border:0;border-radius:8px;padding:10px 14px;background:var(--c);color:#fff;font-weight:600;cursor:pointer}" +
    ".ghost{background:#fff;color:#1b1b1f;border:1px solid #8a8f98}" +
    ":focus-visible{outline:3px solid #ffb300;outline-offset:2px}" +
    ".rating{display:flex;gap:8px}.rating button[aria-pressed=true]{outline:3px solid #1b1b1f}" +
    ".note{font-size:13px;color:#333}.err{color:#b00020;font-size:13px}" +
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}" +
    "</style>" +
    "<button class='bubble' part='bubble' aria-haspopup='dialog'></button>" +
    "<section class='panel' role='dialog' aria-modal='false' hidden><header><h2></h2><button class='x' type='button'>×</button></header>" +
    "<div class='body' aria-live='polite'></div><div class='typing' aria-live='polite'></div><div class='foot'></div></section>";
  host.style.setProperty("--c", color);
  root.host.style.setProperty("--c", color);
  var $ = function (s) { return root.querySelector(s); };
  var bubble = $(".bubble"), panel = $(".panel"), body = $(".body"), foot = $(".foot"), typingLine = $(".typing");
  bubble.textContent = cfg.title || t.open;
  $("h2").textContent = cfg.title || t.title;
  $(".x").setAttribute("aria-label", t.close);
  panel.setAttribute("aria-label", cfg.title || t.title);

  // The channel's name in the header (unless the page set data-title), and whether it takes new chats.
  var offline = false;
  fetch(base + "/livechat/" + encodeURIComponent(connector) + "/config").then(function (r) { return r.ok ? r.json() : null; })
    .then(function (c) {
      if (!c) return;
      if (!cfg.title && c.channelName) { $("h2").textContent = c.channelName; panel.setAttribute("aria-label", c.channelName); }
      offline = !c.online;
      if (!panel.hidden) render();
    }).catch(function () {});

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  }

  function api(method, path, data) {
    var form = data instanceof FormData, headers = form ? {} : { "Content-Type": "application/json" };
    if (state.token) headers["X-LiveChat-Token"] = state.token;
    return fetch(base + path, { method: method, headers: headers, body: form ? data : data ? JSON.stringify(data) : undefined })
      .then(function (r) {
        if (r.status === 401 && path !== "/livechat/" + connector + "/chats") { reset(); throw new Error("session expired"); }
        if (!r.ok) return r.json().catch(function () { return {}; }).then(function (p) {
          var failure = new Error(p.detail || r.status);
          failure.status = r.status;
          failure.retryAfterSeconds = p.retryAfterSeconds;
          throw failure;
        });
        return r.status === 204 ? null : r.json();
      });
  }

  // Files of the chat need the token in a header: fetched once, handed to the browser as blob URLs.
  var blobs = {};
  function fileUrl(path) {
    if (!blobs[path]) {
      blobs[path] = fetch(base + path, { headers: { "X-LiveChat-Token": state.token } }).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.blob();
      }).then(function (b) { return URL.createObjectURL(b); });
      blobs[path].catch(function () { delete blobs[path]; });
    }
    return blobs[path];
  }
  function uuid() { return (crypto.randomUUID && crypto.randomUUID()) || String(Date.now() + Math.random()); }

  function reset() { state = { messages: [] }; save(); stopStream(); render(); }

  function open() { state.open = true; save(); panel.hidden = false; bubble.hidden = true; render(); connect(); }
  function hide() { state.open = false; save(); panel.hidden = true; bubble.hidden = false; bubble.focus(); }
  bubble.addEventListener("click", open);
  $(".x").addEventListener("click", hide);
  root.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });

  function addMessage(m) {
    if (m.id && state.messages.some(function (x) { return x.id === m.id; })) return;
    state.messages.push(m);
    if (state.messages.length > 200) state.messages.shift();
    save();
    drawMessage(m);
  }

  // An operator edited or deleted a message the visitor has: change it where it is.
  function changeMessage(id, text) {
    var i = state.messages.findIndex(function (x) { return x.id === id; });
    if (i < 0) return;
    var shown = Array.prototype.find.call(body.querySelectorAll(".msg"), function (d) { return d.dataset.id === id; });
    if (text === null) {
      state.messages.splice(i, 1);
      if (shown) shown.remove();
    } else {
      state.messages[i].text = text;
      if (shown) shown.replaceWith(messageElement(state.messages[i]));
    }
    save();
  }

  function drawMessage(m) {
    var div = messageElement(m);
    var old = m.id && body.querySelector("[data-id='" + m.id + "']");
    if (old) old.replaceWith(div); else body.appendChild(div);
    body.scrollTop = body.scrollHeight;
  }

  function messageElement(m) {
    var cls = m.author === "CLIENT" ? "msg me" : m.author === "SYSTEM" ? "msg sys" : "msg op";
    var div = el("div", { class: cls, "data-id": m.id || "" });
    // Name and photo as the channel shows its operators (either may be hidden).
    if (m.author === "OPERATOR" && (m.operatorName || m.operatorPhotoUrl)) {
      var who = el("span", { class: "who" });
      if (m.operatorPhotoUrl) who.appendChild(el("img", { class: "ava", src: m.operatorPhotoUrl, alt: "" }));
      if (m.operatorName) who.appendChild(document.createTextNode(m.operatorName));
      div.appendChild(who);
    }
    div.appendChild(document.createTextNode(m.text || ""));
    (m.attachments || []).forEach(function (a) { div.appendChild(drawFile(a)); });
    return div;
  }

  function drawFile(a) {
    var box = el("div", { class: "file" }), name = a.name || "file";
    if (!a.url) { box.textContent = "📎 " + name; return box; }
    var own = a.url.indexOf("/livechat/") === 0;
    var link = el("a", { href: own ? "#" : a.url, target: "_blank", rel: "noopener", download: name }, "📎 " + name);
    if (own) {
      link.addEventListener("click", function (e) {
        if (link.href.indexOf("blob:") === 0) return;
        e.preventDefault();
        fileUrl(a.url).then(function (u) { link.href = u; link.click(); });
      });
      if (/^image\/(png|jpeg|gif|webp)$/.test(a.contentType || "")) {
        var img = el("img", { class: "thumb", alt: name });
        fileUrl(a.url).then(function (u) { img.src = u; });
        box.appendChild(img);
      }
    }
    box.appendChild(link);
    return box;
  }

  function render() {
    body.textContent = "";
    foot.textContent = "";
    // A switched-off channel takes no new conversations; an open one goes on.
    if (offline && (!state.messages.length || state.closed)) body.appendChild(el("p", { class: "msg sys offline" }, t.offline));
    if (!state.token) return renderStart();
    if (state.consentRequired && !state.consentAccepted) return renderConsent();
    state.messages.forEach(drawMessage);
    if (state.closed) renderRating(); else renderComposer();
  }

  function renderStart() {
    var f = el("form", { "aria-label": t.start });
    f.innerHTML = "<label for='ol-name'></label><input id='ol-name' name='name' autocomplete='name' maxlength='200'>" +
      "<label for='ol-email'></label><input id='ol-email' name='email' type='email' autocomplete='email'>" +
      "<p class='err' role='alert'></p><button class='btn' type='submit'></button>";
    f.querySelector("[for=ol-name]").textContent = t.name;
    f.querySelector("[for=ol-email]").textContent = t.email;
    f.querySelector("button").textContent = t.start;
    f.addEventListener("submit", function (e) {
      e.preventDefault();
      var data = { name: f.name.value || null, email: f.email.value || null };
      api("POST", "/livechat/" + encodeURIComponent(connector) + "/chats", data).then(function (started) {
        state.token = started.token; state.email = data.email;
        state.consentRequired = started.consentRequired; state.consentText = started.consentText;
        save(); render(); connect();
      }).catch(function (err) { f.querySelector(".err").textContent = err.message; });
    });
    foot.appendChild(f);
    f.name.focus();
  }

  function renderConsent() {
    body.appendChild(el("p", { class: "msg sys" }, state.consentText));
    var b = el("button", { class: "btn", type: "button" }, t.accept);
    b.addEventListener("click", function () {
      api("POST", "/livechat/consent").then(function () { state.consentAccepted = true; save(); render(); });
    });
    var f = el("form"); f.appendChild(b); foot.appendChild(f); b.focus();
  }

  var lastTyping = 0, typingTimer;
  function renderComposer() {
    var row = el("div", { class: "row" });
    var label = el("label", { for: "ol-text", class: "sr" }, t.message);
    var text = el("textarea", { id: "ol-text", placeholder: t.message, maxlength: "10000" });
    var send = el("button", { class: "btn", type: "button" }, t.send);
    var file = el("input", { type: "file", id: "ol-file", class: "sr", "aria-label": t.attach });
    var attach = el("label", { class: "btn ghost", for: "ol-file", title: t.attach }, "📎");
    row.append(label, text, attach, file, send);
    foot.appendChild(row);
    var err = el("p", { class: "err", role: "alert" });
    foot.appendChild(err);
    // A file goes at once, with what is typed as its caption; over the connector's limits the server says which.
    file.addEventListener("change", function () {
      var f = file.files[0];
      if (!f) return;
      var id = uuid(), caption = text.value.trim(), form = new FormData();
      form.append("file", f);
      form.append("clientMessageId", id);
      if (caption) form.append("text", caption);
      var local = { id: "c-" + id, author: "CLIENT", text: caption, attachments: [{ name: f.name, contentType: f.type, size: f.size }] };
      addMessage(local);
      text.value = "";
      api("POST", "/livechat/attachments", form).then(function (accepted) {
        err.textContent = "";
        local.attachments[0].url = "/livechat/messages/" + accepted.messageId + "/attachments/0";
        save();
        drawMessage(local);
      }).catch(function (x) {
        err.textContent = x.message;
        state.messages = state.messages.filter(function (m) { return m !== local; });
        save();
        var drawn = body.querySelector("[data-id='" + local.id + "']");
        if (drawn) drawn.remove();
        text.value = caption;
      }).then(function () { file.value = ""; });
    });
    function submit() {
      var value = text.value.trim();
      if (!value) return;
      var id = uuid();
      text.value = "";
      addMessage({ id: "c-" + id, author: "CLIENT", text: value });
      send.disabled = true;
      deliver(id, value);
    }
    // A busy service (503) or a full queue (429) says when to come back: the message is sent again then, by itself
    // and with the same id (the service keeps it once), and the visitor reads that, not "check your connection".
    function deliver(id, value) {
      api("POST", "/livechat/messages", { clientMessageId: id, text: value })
        .then(function () { err.textContent = ""; enableSending(); })
        .catch(function (x) {
          if ((x.status === 503 || x.status === 429) && x.retryAfterSeconds > 0) {
            err.textContent = t.busy.replace("%s", x.retryAfterSeconds);
            setTimeout(function () { deliver(id, value); }, x.retryAfterSeconds * 1000);
            return;
          }
          err.textContent = t.error;
          text.value = value;
          enableSending();
        });
    }
    function enableSending() { send.disabled = false; text.focus(); }
    send.addEventListener("click", submit);
    text.addEventListener("keydown", function (e) { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); submit(); } });
    text.addEventListener("input", function () {
      clearTimeout(typingTimer);
      var fire = function () { lastTyping = Date.now(); api("POST", "/livechat/typing", { text: text.value }).catch(function () {}); };
      if (Date.now() - lastTyping > 400) fire(); else typingTimer = setTimeout(fire, 400);
    });
    text.focus();
  }

  function renderRating() {
    body.appendChild(el("p", { class: "msg sys" }, state.rated ? t.thanks : t.closed));
    var f = el("form", { "aria-label": t.rate });
    if (!state.rated) {
      var choice = null;
      var row = el("div", { class: "rating", role: "group", "aria-label": t.closed });
      [["LIKE", "👍 " + t.like], ["DISLIKE", "👎 " + t.dislike]].forEach(function (o) {
        var b = el("button", { class: "btn ghost", type: "button", "aria-pressed": "false", "data-rating": o[0] }, o[1]);
        b.addEventListener("click", function () {
          choice = o[0];
          row.querySelectorAll("button").forEach(function (x) { x.setAttribute("aria-pressed", String(x === b)); });
        });
        row.appendChild(b);
      });
      f.appendChild(row);
      f.appendChild(el("label", { for: "ol-comment" }, t.comment));
      var comment = el("textarea", { id: "ol-comment", maxlength: "2000" });
      f.appendChild(comment);
      var err = el("p", { class: "err", role: "alert" });
      var rate = el("button", { class: "btn", type: "submit" }, t.rate);
      f.append(err, rate);
      f.addEventListener("submit", function (e) {
        e.preventDefault();
        if (!choice) { err.textContent = t.closed; return; }
        api("POST", "/livechat/rating", { rating: choice, comment: comment.value || null })
          .then(function () { state.rated = true; save(); render(); })
          .catch(function (x) { err.textContent = x.message; });
      });
    }
    var mail = el("button", { class: "btn ghost", type: "button" }, t.history);
    mail.addEventListener("click", function () {
      var address = state.email || prompt(t.email);
      if (!address) return;
      api("POST", "/livechat/history-requests", { email: address })
        .then(function () { mail.replaceWith(el("p", { class: "note" }, t.historySent)); })
        .catch(function (x) { mail.replaceWith(el("p", { class: "err" }, x.message)); });
    });
    f.appendChild(mail);
    var again = el("button", { class: "btn ghost", type: "button" }, t.newChat);
    again.addEventListener("click", function () { state.closed = false; state.rated = false; save(); render(); });
    f.appendChild(again);
    foot.appendChild(f);
  }

  var source, retry = 0, typingHide;
  function stopStream() { if (source) { source.close(); source = null; } }
  function connect() {
    if (source || !state.token || !state.open) return;
    api("POST", "/livechat/stream-tickets").then(function (ticket) {
      if (source) return;
      source = new EventSource(base + "/livechat/events?ticket=" + encodeURIComponent(ticket.ticket));
      source.addEventListener("ready", function () { retry = 0; });
      source.addEventListener("message", function (e) {
        var m = JSON.parse(e.data);
        typingLine.textContent = "";
        if (state.closed && m.author === "OPERATOR") { state.closed = false; save(); render(); }
        addMessage(m);
      });
      source.addEventListener("edited", function (e) { var c = JSON.parse(e.data); changeMessage(c.id, c.text || ""); });
      source.addEventListener("deleted", function (e) { changeMessage(JSON.parse(e.data).id, null); });
      source.addEventListener("typing", function () {
        typingLine.textContent = t.typing;
        clearTimeout(typingHide);
        typingHide = setTimeout(function () { typingLine.textContent = ""; }, 4000);
      });
      source.addEventListener("closed", function () { state.closed = true; state.rated = false; save(); render(); });
      // A ticket opens one stream: on any break, buy a new ticket and reconnect (with backoff).
      source.onerror = function () {
        stopStream();
        setTimeout(connect, Math.min(30000, 500 * Math.pow(2, retry++)));
      };
    }).catch(function () { setTimeout(connect, Math.min(30000, 1000 * Math.pow(2, retry++))); });
  }

  function mount() {
    document.body.appendChild(host);
    if (state.open) open(); else render();
    // After a reload: catch up with a close that happened while the page was away.
    if (state.token) api("GET", "/livechat/session").then(function (s) {
      state.consentAccepted = s.consentAccepted;
      if (s.conversationStatus === "CLOSED" && !state.closed && !state.rated) { state.closed = true; save(); render(); }
    }).catch(function () {});
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
