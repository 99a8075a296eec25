/* cdtt quick entry. Each entry is written to IndexedDB first, with its own UUID, then sent to
   the API. The queue survives reloads and closed tabs; a sync sends all that is waiting and
   removes an entry only when the server has answered for it. The server stores a UUID once,
   so a resend after a lost answer, or two tabs syncing at once, cannot store it twice.
   A second tap on the same kind within a few seconds, the form untouched, reuses the first
   tap's UUID (a double tap is stored once). Entries still waiting can be changed or removed
   until they are sent. "Saved" shows on the button tapped and is read out by screen readers. */
(function () {
  "use strict";
  var form = document.getElementById("entry");
  if (!form) return;
  /* The page as served, kept for offline use without downloading it a second time. */
  var snapshot = "<!doctype html>\n" + document.documentElement.outerHTML;
  var text = form.dataset;
  var statusLine = document.getElementById("sync-status");
  var queueBox = document.getElementById("queue");
  var queueList = document.getElementById("queued");
  var namesNode = document.getElementById("activity-type-names");
  var names = namesNode ? JSON.parse(namesNode.textContent) : {};
  var STORE = "queue", BATCH = 100, PAGES = "cdtt-pages", REPEAT_MS = 5000;
  var savedStatus = document.getElementById("saved-status");
  var editingLine = document.getElementById("editing");
  var last = null; // the last tap: {type, entry, at}; forgotten once the form changes
  var editingId = null; // a waiting entry being changed: kept out of the sync meanwhile
  var inFlight = {}; // ids in the batch being sent: no longer changeable
  /* The optional numbers of an entry (its breakdown…), as the page declares them. */
  var measuresNode = document.getElementById("activity-measures");
  var COUNTS = measuresNode ? JSON.parse(measuresNode.textContent) : [];
  var syncing = false, again = false, problem = "", flash = "", flashTimer = 0, database = null;

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16), i;
    if (window.crypto && crypto.getRandomValues) crypto.getRandomValues(b);
    else for (i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = "";
    for (i = 0; i < 16; i++) h += (b[i] + 256).toString(16).slice(1);
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }

  function openDb() {
    if (!database) {
      database = new Promise(function (resolve, reject) {
        var request = indexedDB.open("cdtt-activities", 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore(STORE, { keyPath: "id" });
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { database = null; reject(request.error); };
      });
    }
    return database;
  }

  /* Run work(store) in one transaction; resolve with its request's result once committed. */
  function transact(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(STORE, mode), request = work(t.objectStore(STORE));
        t.oncomplete = function () { resolve(request && request.result); };
        t.onerror = t.onabort = function () { reject(t.error); };
      });
    });
  }
  function queued() { return transact("readonly", function (s) { return s.getAll(); }); }
  function keep(entry) { return transact("readwrite", function (s) { return s.put(entry); }); }
  function forget(id) { return transact("readwrite", function (s) { return s.delete(id); }); }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? match[1] : form.elements.csrfmiddlewaretoken.value;
  }

  function wire(entry) {
    var copy = {}, key;
    for (key in entry) if (key !== "error" && key !== "queued_at") copy[key] = entry[key];
    return copy;
  }

  function number(name) {
    var field = form.elements[name], value = field ? field.value.trim() : "";
    return value ? parseInt(value, 10) : 0;
  }

  function messages(errors) {
    var out = [], key;
    for (key in errors) out = out.concat(errors[key]);
    return out.join(" ");
  }

  /* Send what waits, BATCH at a time; one sync at a time across tabs where the browser can. */
  function sendAll() {
    return queued().then(function (entries) {
      var waiting = entries.filter(function (e) { return !e.error && e.id !== editingId; })
        .slice(0, BATCH);
      if (!waiting.length) return;
      var byId = {};
      waiting.forEach(function (e) { byId[e.id] = e; inFlight[e.id] = true; });
      var done = function () { waiting.forEach(function (e) { delete inFlight[e.id]; }); };
      return fetch(text.api, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify(waiting.map(wire))
      }).then(function (response) {
        done();
        if (response.status === 401 || response.status === 403) { problem = text.msgLogin; return; }
        if (!response.ok) return;
        problem = "";
        return response.json().then(function (results) {
          var stored = 0;
          return Promise.all(results.map(function (result) {
            var entry = byId[result.id];
            if (!entry) return null;
            if (result.status === 200 || result.status === 201) { stored++; return forget(entry.id); }
            if (result.status === 409) { say(text.msgConflict); return forget(entry.id); }
            if (result.status !== 400) return null; // busy: sent again at the next sync
            entry.error = messages(result.errors || {});
            return keep(entry);
          })).then(function () {
            if (stored) document.body.dispatchEvent(new CustomEvent("cdtt:synced"));
            if (waiting.length === BATCH) return sendAll();
          });
        });
      }, function (error) { done(); throw error; });
    });
  }

  function sync() {
    if (syncing) { again = true; return Promise.resolve(); }
    syncing = true;
    var run = navigator.locks ? navigator.locks.request("cdtt-activity-sync", sendAll) : sendAll();
    return run.catch(function () { /* offline or server away: try again later */ })
      .then(function () {
        syncing = false;
        if (again) { again = false; return sync(); }
        return show();
      });
  }

  function show() {
    return queued().then(function (entries) {
      var waiting = entries.filter(function (e) { return !e.error; }).length;
      var line = flash || problem;
      if (!line && !navigator.onLine) line = text.msgOffline;
      if (waiting) line = (line ? line + " " : "") + text.msgWaiting.replace("%(count)s", waiting);
      statusLine.textContent = line;
      statusLine.hidden = !line;
      statusLine.className = "sync" + (waiting || problem ? " waiting" : "");
      queueList.textContent = "";
      entries.sort(function (a, b) { return a.queued_at - b.queued_at; }).forEach(function (entry) {
        var item = document.createElement("li");
        var day = entry.date.split("-");
        item.textContent = (names[entry.type] || entry.type) + " · " + entry.people_helped + " · " + day[2] + "/" + day[1];
        if (entry.error) {
          item.className = "rejected";
          var why = document.createElement("span");
          why.textContent = text.msgRejected + ": " + entry.error;
          item.appendChild(why);
          item.appendChild(action(text.msgDiscard, function () { remove(entry.id); }));
        } else if (!inFlight[entry.id] && entry.id !== editingId) {
          item.appendChild(action(text.msgEdit, function () { edit(entry); }));
          item.appendChild(action(text.msgRemove, function () { remove(entry.id); }));
        }
        queueList.appendChild(item);
      });
      queueBox.hidden = !entries.length;
    }).catch(function () {});
  }

  function action(label, handler) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = label;
    button.addEventListener("click", handler);
    return button;
  }

  function remove(id) {
    if (id === editingId) stopEditing();
    return forget(id).then(show);
  }

  /* Put a waiting entry back into the form; tapping a kind of work keeps the change. */
  function edit(entry) {
    editingId = entry.id;
    last = null;
    var fields = form.elements;
    if (fields.team.tagName === "SELECT") { fields.team.value = entry.team; fields.team.dispatchEvent(new Event("change")); }
    fields.village.value = entry.village;
    fields.date.value = entry.date;
    fields.people_helped.value = entry.people_helped;
    fields.note.value = entry.note || "";
    COUNTS.forEach(function (name) { fields[name].value = entry[name] || ""; });
    if (COUNTS.some(function (name) { return entry[name]; }) || entry.note) document.getElementById("details").open = true;
    editingLine.textContent = text.msgEditing.replace("%(what)s", names[entry.type] || entry.type);
    editingLine.hidden = false;
    show();
    form.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  function stopEditing() {
    editingId = null;
    editingLine.hidden = true;
    editingLine.textContent = "";
  }

  /* "Saved" on the button tapped, and said to screen readers. */
  function saved(button, entry) {
    var what = text.msgSavedWhat.replace("%(what)s", names[entry.type] || entry.type)
      .replace("%(count)s", entry.people_helped);
    var line = navigator.onLine ? what : text.msgKept;
    savedStatus.textContent = "";
    setTimeout(function () { savedStatus.textContent = line; }, 50);
    var old = form.querySelector(".saved-badge");
    if (old) old.remove();
    var badge = document.createElement("span");
    badge.className = "saved-badge";
    badge.setAttribute("aria-hidden", "true");
    badge.textContent = "✓ " + (navigator.onLine ? text.msgSaved : text.msgKept);
    button.appendChild(badge);
    clearTimeout(saved.timer);
    saved.timer = setTimeout(function () { badge.remove(); }, 4000);
  }

  function say(message) {
    flash = message;
    clearTimeout(flashTimer);
    flashTimer = setTimeout(function () { flash = ""; show(); }, 4000);
  }

  var clicked = null;
  form.addEventListener("input", function () { last = null; });
  form.addEventListener("change", function () { last = null; });
  form.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    if (button.name === "type") clicked = button;
    if (button.dataset.step) {
      last = null;
      var count = form.elements.people_helped;
      count.value = Math.min(1000, Math.max(1, (parseInt(count.value, 10) || 1) + parseInt(button.dataset.step, 10)));
    }
  });

  form.addEventListener("submit", function (event) {
    var button = event.submitter || clicked;
    if (!button || button.name !== "type" || !window.indexedDB) return; // plain form post
    event.preventDefault();
    var now = Date.now();
    if (!editingId && last && last.type === button.value && now - last.at < REPEAT_MS) {
      /* The same tap again, nothing changed: the same entry under the same UUID. */
      last.at = now;
      keep(last.entry).then(function () { saved(button, last.entry); return show().then(sync); });
      return;
    }
    var entry = {
      id: editingId || uuid(),
      member: parseInt(form.elements.member.value, 10),
      team: parseInt(form.elements.team.value, 10),
      village: parseInt(form.elements.village.value, 10),
      date: form.elements.date.value,
      type: button.value,
      people_helped: number("people_helped") || 1,
      note: form.elements.note.value.trim(),
      source: navigator.onLine ? "web" : "offline",
      queued_at: Date.now()
    };
    COUNTS.forEach(function (name) { entry[name] = number(name); });
    var wasEditing = !!editingId;
    last = wasEditing ? null : { type: button.value, entry: entry, at: now };
    keep(entry).then(function () {
      if (wasEditing) stopEditing();
      form.elements.people_helped.value = 1;
      COUNTS.concat(["note"]).forEach(function (name) { form.elements[name].value = ""; });
      saved(button, entry);
      return show().then(sync);
    });
  });

  var teamField = form.elements.team, villageField = form.elements.village;
  if (teamField && teamField.tagName === "SELECT") {
    var fit = function () {
      var first = null;
      Array.prototype.forEach.call(villageField.options, function (option) {
        option.hidden = option.dataset.team !== teamField.value;
        if (!option.hidden && !first) first = option;
      });
      if (villageField.selectedOptions[0].hidden && first) first.selected = true;
    };
    teamField.addEventListener("change", fit);
    fit();
  }

  /* The page and its files are kept for offline use once the service worker is in place. */
  function keepPageOffline() {
    if (!window.caches) return;
    var here = location.pathname + location.search;
    caches.open(PAGES).then(function (cache) {
      return cache.match(here).then(function (hit) {
        return hit || cache.put(here, new Response(snapshot, { headers: { "Content-Type": "text/html; charset=utf-8" } }));
      });
    }).then(function () { document.documentElement.dataset.offlineReady = "1"; }).catch(function () {});
  }
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(text.worker, { scope: "/" }).catch(function () {});
    navigator.serviceWorker.ready.then(keepPageOffline);
  }

  window.addEventListener("online", sync);
  window.addEventListener("offline", show);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) sync(); });
  setInterval(sync, 20000);
  show().then(sync);
})();
