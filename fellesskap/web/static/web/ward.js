/* The ward board (avdelingstavle): polling, stale answers, lost connection.
 *
 * - A click stamps its form with the instant it happened (clicked_at), so a
 *   registration sent late is still registered when the officer pressed.
 * - When a registration cannot reach the server, it is kept (with its
 *   idempotency key, in localStorage so a reload keeps it too), the banner
 *   says so, and it is sent again when the connection is back; the server
 *   registers it once however often it arrives.
 * - A poll answer that was computed before a registration of this page was
 *   sent is dropped (it would show the older state), and a new poll is asked for.
 * - The plain forms for many persons at once (association, the normal day:
 *   form[data-fk-queue]) are submitted as usual while the browser is online;
 *   pressed while it is offline, they are kept the same way and sent by fetch
 *   when the connection is back (the server registers a press once:
 *   association by its key, the normal day by what is already registered). A
 *   kept form the server refuses when it finally arrives (e.g. the day's times
 *   no longer fit) is not dropped silently: its message stays in the banner.
 */
(function () {
  "use strict";
  var STORE = "fk-ward-pending";
  var REFUSED = "fk-ward-refused";
  var banner, poll;
  var lastRegistration = 0;
  var offline = false;
  var sentLater = 0;  // kept forms saved once the connection was back (this page)

  function pending() {
    try { return JSON.parse(localStorage.getItem(STORE) || "[]"); } catch (e) { return []; }
  }
  function savePending(list) {
    try { localStorage.setItem(STORE, JSON.stringify(list)); } catch (e) { /* private mode: memory only */ }
  }
  function csrf() {
    try { return JSON.parse(document.body.getAttribute("hx-headers:inherited"))["X-CSRFToken"]; } catch (e) { return ""; }
  }

  function refused() {
    try { return JSON.parse(sessionStorage.getItem(REFUSED) || "[]"); } catch (e) { return []; }
  }
  function addRefused(text) {
    var list = refused();
    list.push(text);
    try { sessionStorage.setItem(REFUSED, JSON.stringify(list)); } catch (e) { /* memory only */ }
  }

  function showBanner(serverError) {
    if (!banner) return;
    var list = pending();
    var parts = [];
    if (serverError) parts.push(banner.dataset.textServer);
    if (offline) parts.push(banner.dataset.textOffline);
    if (list.length) parts.push(banner.dataset.textPending + " " + list.length + ". " + banner.dataset.textRetry);
    refused().forEach(function (text) { parts.push(banner.dataset.textRefused + " " + text); });
    if (sentLater && !list.length) parts.push(banner.dataset.textSent + " " + sentLater + ".");
    banner.textContent = parts.join(" ");
    banner.hidden = parts.length === 0;
  }

  function isRegistration(elt) { return elt && elt.matches && elt.matches("form[data-fk-register]"); }
  function isPoll(elt) { return elt && elt.matches && elt.matches("form[data-fk-poll]"); }
  function isQueued(elt) { return elt && elt.matches && elt.matches("form[data-fk-queue]"); }

  // A kept plain form sent by fetch. Resolves with the server's answer (a
  // redirect or a page); rejects when the server could not be reached or
  // failed (5xx), so the form stays kept.
  function sendForm(item) {
    return fetch(item.action, {
      method: "POST", credentials: "same-origin", body: item.body, redirect: "manual",
      headers: {"Content-Type": "application/x-www-form-urlencoded"}
    }).then(function (response) {
      if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
        return {next: item.next};
      }
      if (response.status >= 500) throw new Error("server");
      return response.text().then(function (html) { return {html: html, status: response.status}; });
    });
  }
  function refusalText(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var alert = doc.querySelector("[role=alert][data-color=danger], .ds-alert[data-color=danger]");
    return alert ? alert.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function replaceRow(html) {
    var t = document.createElement("template");
    t.innerHTML = html.trim();
    var row = t.content.firstElementChild;
    if (!row || !row.id) return;
    var old = document.getElementById(row.id);
    if (old) { old.replaceWith(row); if (window.htmx) htmx.process(row); }
  }

  var flushing = false;
  function flush() {
    var list = pending();
    if (flushing || !list.length) return;
    flushing = true;
    var item = list[0];
    if (item.page) { flushForm(item); return; }
    fetch(item.action, {
      method: "POST", credentials: "same-origin", body: item.body,
      headers: {"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": csrf(), "HX-Request": "true"}
    }).then(function (response) {
      return response.text().then(function (text) {
        // Any answer means the server has decided; a 5xx is kept for later.
        if (response.status >= 500) throw new Error("server");
        savePending(pending().slice(1));
        offline = false;
        replaceRow(text);
        lastRegistration = Date.now();
      });
    }).catch(function () {
      offline = true;
    }).then(function () { sendNext(false); });
  }

  // After one kept item was tried: the next one, or show the board's new state.
  function sendNext(formSent) {
    flushing = false;
    showBanner(false);
    if (offline) return;
    if (pending().length) flush();
    // Association and the normal day change more than rows: show the board anew.
    else if (formSent && poll && !refused().length) window.location.reload();
    else if (poll) htmx.trigger(poll, "fk-refresh");
  }

  function flushForm(item) {
    var sent = false;
    sendForm(item).then(function (answer) {
      savePending(pending().slice(1));
      offline = false;
      sent = true;
      if (answer.status >= 400) addRefused(refusalText(answer.html) || banner.dataset.textServer);
      else sentLater += 1;
    }).catch(function () {
      offline = true;
    }).then(function () { sendNext(sent); });
  }

  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    if (!isRegistration(form) && !isQueued(form)) return;
    var at = form.querySelector("input[name=clicked_at]");
    if (at && !at.value) at.value = String(Date.now());
    if (!isQueued(form) || !window.fetch || navigator.onLine !== false) return;
    evt.preventDefault();
    var list = pending();
    list.push({action: form.action, body: new URLSearchParams(new FormData(form, evt.submitter)).toString(),
               page: true, next: window.location.href});
    savePending(list);
    offline = true;
    showBanner(false);
  }, true);

  document.addEventListener("htmx:before:request", function (evt) {
    var ctx = evt.detail.ctx;
    ctx.fkStartedAt = Date.now();
    if (isRegistration(evt.target)) lastRegistration = ctx.fkStartedAt;
  });

  document.addEventListener("htmx:before:swap", function (evt) {
    var ctx = evt.detail.ctx;
    if (ctx.response && ctx.response.status >= 500) { evt.preventDefault(); showBanner(true); return; }
    if (isPoll(evt.target) && ctx.fkStartedAt < lastRegistration) {
      evt.preventDefault();  // computed before our own registration: would show the older state
      setTimeout(function () { htmx.trigger(poll, "fk-refresh"); }, 300);
    }
  });

  document.addEventListener("htmx:after:request", function (evt) {
    var ctx = evt.detail.ctx;
    if (ctx.response && ctx.response.status < 500) {
      if (offline) { offline = false; showBanner(false); }
      if (isPoll(evt.target)) flush();
    }
  });

  document.addEventListener("htmx:error", function (evt) {
    var ctx = evt.detail.ctx;
    offline = true;
    if (isRegistration(evt.target) && ctx && ctx.request) {
      var list = pending();
      list.push({action: ctx.request.action, body: String(ctx.request.body || "")});
      savePending(list);
    }
    showBanner(false);
  });

  window.addEventListener("online", function () { offline = false; flush(); });
  window.addEventListener("offline", function () { offline = true; showBanner(false); });

  document.addEventListener("DOMContentLoaded", function () {
    banner = document.getElementById("ward-connection");
    poll = document.getElementById("ward-poll");
    showBanner(false);
    flush();
    // Pages without the board's poll (the normal day) try again on their own.
    setInterval(function () { if (pending().length) flush(); }, 15000);
  });
})();
