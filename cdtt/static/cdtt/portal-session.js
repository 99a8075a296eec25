/* cdtt portal: warn before the session ends, keep it alive on request, never lose a form.
 *
 * The server ends a session after SESSION_COOKIE_AGE idle seconds; every request renews it.
 * A minute before, a notice offers "keep me logged in", which pings the keep-alive URL.
 * What is typed into the page's POST forms is copied to sessionStorage as it is typed and
 * put back when the page is opened again; once the session has ended, sending is held
 * until the user has logged in again (in another tab) so nothing typed is lost.
 * Plain ES5, no library, no inline code: the page gives its settings in data- attributes.
 */
(function () {
  "use strict";
  var box = document.getElementById("session-notice");
  if (!box || !window.fetch) { return; }
  var seconds = parseInt(box.getAttribute("data-seconds"), 10) || 1800;
  var warn = parseInt(box.getAttribute("data-warn"), 10) || 60;
  var pingUrl = box.getAttribute("data-ping");
  var warningPart = box.querySelector("[data-part=warning]");
  var expiredPart = box.querySelector("[data-part=expired]");
  var countdown = box.querySelector("[data-countdown]");
  var SHARED = "cdtt-session-activity"; // shared by the user's tabs
  var DRAFTS = "cdtt-draft:"; // this tab's drafts, one key per page
  var DRAFT = DRAFTS + location.pathname + location.search;
  var expired = false;
  var lastActivity = Date.now();

  function storageGet(store, key) { try { return store.getItem(key); } catch (e) { return null; } }
  function storageSet(store, key, value) { try { store.setItem(key, value); } catch (e) { /* full or off */ } }
  function storageDel(store, key) { try { store.removeItem(key); } catch (e) { /* off */ } }

  function renewed() {
    lastActivity = Date.now();
    storageSet(window.localStorage, SHARED, String(lastActivity));
    expired = false;
    box.hidden = true;
    warningPart.hidden = false;
    expiredPart.hidden = true;
  }

  function secondsLeft() {
    var shared = parseInt(storageGet(window.localStorage, SHARED), 10) || 0;
    var last = Math.max(lastActivity, shared);
    return Math.round((last + seconds * 1000 - Date.now()) / 1000);
  }

  function showExpired() {
    expired = true;
    box.hidden = false;
    warningPart.hidden = true;
    expiredPart.hidden = false;
  }

  function tick() {
    if (expired) { return; }
    var left = secondsLeft();
    if (left <= 0) {
      showExpired();
    } else if (left <= warn) {
      countdown.textContent = String(left);
      box.hidden = false;
    } else {
      box.hidden = true;
    }
  }

  function setCsrf(token) {
    if (!token) { return; }
    var inputs = document.querySelectorAll("input[name=csrfmiddlewaretoken]");
    for (var i = 0; i < inputs.length; i++) { inputs[i].value = token; }
  }

  function ping() {
    return fetch(pingUrl, {
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Accept": "application/json" }
    }).then(function (answer) {
      if (!answer.ok) { throw new Error("session ended"); }
      return answer.json();
    }).then(function (data) {
      seconds = data.seconds || seconds;
      setCsrf(data.csrf);
      renewed();
    }).catch(function () { showExpired(); });
  }

  /* Drafts of the page's POST forms, kept in this tab only. */
  function postForms() {
    var found = document.querySelectorAll("main form");
    var list = [];
    for (var i = 0; i < found.length; i++) {
      if ((found[i].getAttribute("method") || "").toLowerCase() === "post") { list.push(found[i]); }
    }
    return list;
  }

  function keptFields(form) {
    var list = [];
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      var type = (el.type || "").toLowerCase();
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.name === "website") { continue; }
      if (["hidden", "password", "file", "submit", "button", "reset"].indexOf(type) >= 0) { continue; }
      list.push(el);
    }
    return list;
  }

  function saveDraft() {
    var all = postForms().map(function (form) {
      var data = {};
      keptFields(form).forEach(function (el) {
        if (el.type === "checkbox" || el.type === "radio") {
          data[el.name + "\u0000" + el.value] = el.checked;
        } else {
          data[el.name] = el.value;
        }
      });
      return data;
    });
    storageSet(window.sessionStorage, DRAFT, JSON.stringify(all));
  }

  function restoreDraft() {
    var saved;
    try { saved = JSON.parse(storageGet(window.sessionStorage, DRAFT) || "null"); } catch (e) { saved = null; }
    if (!saved) { return; }
    postForms().forEach(function (form, index) {
      var data = saved[index];
      if (!data) { return; }
      keptFields(form).forEach(function (el) {
        if (el.type === "checkbox" || el.type === "radio") {
          var key = el.name + "\u0000" + el.value;
          if (Object.prototype.hasOwnProperty.call(data, key)) { el.checked = data[key]; }
        } else if (Object.prototype.hasOwnProperty.call(data, el.name) && !el.value) {
          el.value = data[el.name];
        }
      });
    });
  }

  document.addEventListener("input", function (event) {
    if (event.target.form && event.target.form.closest("main")) { saveDraft(); }
  });
  document.addEventListener("change", function (event) {
    if (event.target.form && event.target.form.closest("main")) { saveDraft(); }
  });
  /* Logging out forgets what this phone kept of the user's pages: the copies kept for
     offline use and this tab's drafts, so the next person on a shared phone sees none of
     it. Activities still waiting to be sent stay queued: they are the member's own work. */
  function forgetPages() {
    try {
      for (var i = window.sessionStorage.length - 1; i >= 0; i--) {
        var key = window.sessionStorage.key(i);
        if (key && key.indexOf(DRAFTS) === 0) { window.sessionStorage.removeItem(key); }
      }
    } catch (e) { /* storage off */ }
    if (!window.caches) { return Promise.resolve(); }
    // the service worker's cache of pages (PAGES in sw.js and activity-entry.js)
    return window.caches.delete("cdtt-pages").catch(function () { return false; });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-logout")) {
      event.preventDefault();
      var sent = false;
      var send = function () { if (!sent) { sent = true; form.submit(); } };
      forgetPages().then(send, send);
      window.setTimeout(send, 2000); // never keep someone from logging out
      return;
    }
    if (expired) {
      event.preventDefault();
      saveDraft();
      showExpired();
      return;
    }
    if (event.target.closest("main")) { storageDel(window.sessionStorage, DRAFT); }
  }, true);
  document.addEventListener("htmx:afterRequest", renewed);
  window.addEventListener("storage", function (event) {
    if (event.key === SHARED && !expired) { tick(); }
  });
  box.addEventListener("click", function (event) {
    var action = event.target.getAttribute("data-action");
    if (action === "keep" || action === "resume") { ping(); }
  });

  restoreDraft();
  renewed();
  window.setInterval(tick, 1000);
}());
