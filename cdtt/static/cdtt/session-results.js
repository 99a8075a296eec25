/* The results form of a help session, offline too: what is sent is kept in IndexedDB until
   the server has it, and sent again when the phone is back online. The client id makes a
   second sending of the same results change nothing on the server. */
(function () {
  "use strict";
  var form = document.querySelector("form.session-results");
  if (!form) { return; }
  var labels = JSON.parse(form.dataset.labels || "{}");
  var status = document.getElementById("results-status");
  var DB = "cdtt-session-results", STORE = "queue";

  function say(text) { status.hidden = false; status.textContent = text; }

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "client_id" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode), out = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(out && out.result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }

  function payload() {
    var results = [];
    form.querySelectorAll("fieldset[data-type]").forEach(function (set) {
      var code = set.dataset.type, get = function (name) {
        var input = set.querySelector("[name='" + code + "-" + name + "']");
        return input && input.value ? parseInt(input.value, 10) : 0;
      };
      if (!get("people_helped")) { return; }
      var givers = [];
      set.querySelectorAll("input[name='" + code + "-givers']:checked").forEach(function (box) { givers.push(parseInt(box.value, 10)); });
      results.push({ type: code, people_helped: get("people_helped"), women: get("women"),
        ethnic_minority: get("ethnic_minority"), elderly: get("elderly"),
        households_without_smartphone: get("households_without_smartphone"), givers: givers });
    });
    return { client_id: form.elements.client_id.value, api: form.dataset.api, results: results, source: "offline" };
  }

  function csrf() { return form.elements.csrfmiddlewaretoken.value; }

  function send(item) {
    return fetch(item.api, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify({ client_id: item.client_id, results: item.results, source: item.source })
    }).then(function (response) {
      if (response.ok) { return run("readwrite", function (store) { return store.delete(item.client_id); }).then(function () { return true; }); }
      return response.json().then(function (body) {
        // Refused (not a lost connection): drop it from the queue and say why.
        return run("readwrite", function (store) { return store.delete(item.client_id); }).then(function () {
          say(JSON.stringify(body.errors || body)); return false;
        });
      });
    });
  }

  function flush() {
    return run("readonly", function (store) { return store.getAll(); }).then(function (items) {
      return items.reduce(function (chain, item) {
        return chain.then(function () { return send(item).then(function (ok) { if (ok) { say(labels.sent); form.dataset.synced = "1"; } }); });
      }, Promise.resolve());
    }).catch(function () { /* still offline: kept for the next try */ });
  }

  form.addEventListener("submit", function (event) {
    if (!window.indexedDB || !window.fetch) { return; } // the plain form post
    event.preventDefault();
    var item = payload();
    run("readwrite", function (store) { return store.put(item); }).then(function () {
      if (!navigator.onLine) { say(labels.queued); return; }
      return send(item).then(function (ok) { if (ok) { say(labels.sent); form.dataset.synced = "1"; } })
        .catch(function () { say(labels.queued); });
    });
  });
  window.addEventListener("online", flush);
  if (navigator.onLine) { flush(); }
})();
