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
 */
(function () {
  "use strict";
  var STORE = "fk-ward-pending";
  var banner, poll;
  var lastRegistration = 0;
  var offline = false;

  function pending() {
    try { return JSON.parse(localStorage.getItem(STORE) || "[]"); } catch (e) { return []; }
  }
  function savePending(list) {
    try { localStorage.setItem(STORE, JSON.stringify(list)); } catch (e) { /* private mode: memory only */ }
  }
  function csrf() {
    try { return JSON.parse(document.body.getAttribute("hx-headers:inherited"))["X-CSRFToken"]; } catch (e) { return ""; }
  }

  function showBanner(serverError) {
    if (!banner) return;
    var list = pending();
    var parts = [];
    if (serverError) parts.push(banner.dataset.textServer);
    if (offline) parts.push(banner.dataset.textOffline);
    if (list.length) parts.push(banner.dataset.textPending + " " + list.length + ". " + banner.dataset.textRetry);
    banner.textContent = parts.join(" ");
    banner.hidden = parts.length === 0;
  }

  function isRegistration(elt) { return elt && elt.matches && elt.matches("form[data-fk-register]"); }
  function isPoll(elt) { return elt && elt.matches && elt.matches("form[data-fk-poll]"); }

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
    }).then(function () {
      flushing = false;
      showBanner(false);
      if (!offline && pending().length) flush();
      else if (!offline && poll) htmx.trigger(poll, "fk-refresh");
    });
  }

  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    if (!isRegistration(form)) return;
    var at = form.querySelector("input[name=clicked_at]");
    if (at && !at.value) at.value = String(Date.now());
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

  window.addEventListener("online", flush);

  document.addEventListener("DOMContentLoaded", function () {
    banner = document.getElementById("ward-connection");
    poll = document.getElementById("ward-poll");
    showBanner(false);
    flush();
  });
})();
