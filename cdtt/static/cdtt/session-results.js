/* The results form of a help session, offline too: what is sent is kept in IndexedDB until
   the server has it, and sent again when the phone is back online. The client id makes a
   second sending of the same results change nothing on the server. Photos (optional) are
   made smaller here first (canvas: longer side 1280 px, JPEG), kept in the same way, and
   sent one by one, each under its own id. */
(function () {
  "use strict";
  var form = document.querySelector("form.session-results");
  if (!form) { return; }
  var labels = JSON.parse(form.dataset.labels || "{}");
  var status = document.getElementById("results-status");
  var picker = document.getElementById("session-photos");
  var photoStatus = document.getElementById("photos-status");
  var DB = "cdtt-session-results", STORE = "queue", PHOTOS = "photos", SIDE = 1280;

  function say(text) { status.hidden = false; status.textContent = text; }

  function sayPhoto(id, text) {
    if (!photoStatus) { return; }
    var line = document.getElementById("photo-" + id);
    if (!line) { line = document.createElement("li"); line.id = "photo-" + id; photoStatus.appendChild(line); }
    line.textContent = text;
  }

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 2);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains(STORE)) { db.createObjectStore(STORE, { keyPath: "client_id" }); }
        if (!db.objectStoreNames.contains(PHOTOS)) { db.createObjectStore(PHOTOS, { keyPath: "id" }); }
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(name, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(name, mode), out = work(tx.objectStore(name));
        tx.oncomplete = function () { resolve(out && out.result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }

  function forget(name, key) { return run(name, "readwrite", function (store) { return store.delete(key); }); }

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
      if (response.ok) { return forget(STORE, item.client_id).then(function () { return true; }); }
      return response.json().then(function (body) {
        // Refused (not a lost connection): drop it from the queue and say why.
        return forget(STORE, item.client_id).then(function () {
          say(JSON.stringify(body.errors || body)); return false;
        });
      });
    });
  }

  // A version-4 UUID from the browser's random numbers (crypto.randomUUID needs HTTPS).
  function uuid() {
    var hex = Array.prototype.map.call(crypto.getRandomValues(new Uint8Array(16)), function (b, i) {
      if (i === 6) { b = (b & 15) | 64; } else if (i === 8) { b = (b & 63) | 128; }
      return (b + 256).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // The picture drawn again at most SIDE px on its longer side, as a JPEG; a file the browser
  // cannot draw is sent as it is, and the server says why it refuses it.
  function shrink(file) {
    return new Promise(function (resolve) {
      var url = URL.createObjectURL(file), picture = new Image();
      picture.onload = function () {
        var scale = Math.min(1, SIDE / Math.max(picture.naturalWidth, picture.naturalHeight));
        var canvas = document.createElement("canvas"), pen = canvas.getContext("2d");
        canvas.width = Math.round(picture.naturalWidth * scale);
        canvas.height = Math.round(picture.naturalHeight * scale);
        pen.fillStyle = "#fff"; pen.fillRect(0, 0, canvas.width, canvas.height);
        pen.drawImage(picture, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        canvas.toBlob(function (blob) { resolve(blob || file); }, "image/jpeg", 0.8);
      };
      picture.onerror = function () { URL.revokeObjectURL(url); resolve(file); };
      picture.src = url;
    });
  }

  function reasons(body) {
    return Object.keys(body || {}).reduce(function (all, key) { return all.concat(body[key]); }, []).join(" ");
  }

  function sendPhoto(item) {
    var body = new FormData();
    body.append("id", item.id);
    body.append("image", item.blob, "photo.jpg");
    return fetch(item.api, {
      method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf() }, body: body
    }).then(function (response) {
      if (response.ok) { return forget(PHOTOS, item.id).then(function () { sayPhoto(item.id, labels.photo_sent); }); }
      if (response.status < 400 || response.status >= 500) { throw new Error("try again"); }
      return response.json().catch(function () { return {}; }).then(function (answer) {
        // Refused: it will not be taken later either; drop it and say why.
        return forget(PHOTOS, item.id).then(function () {
          sayPhoto(item.id, labels.photo_refused + " " + reasons(answer));
        });
      });
    });
  }

  function flushPhotos() {
    return run(PHOTOS, "readonly", function (store) { return store.getAll(); }).then(function (items) {
      return items.reduce(function (chain, item) {
        return chain.then(function () {
          return sendPhoto(item).catch(function () { sayPhoto(item.id, labels.photo_queued); });
        });
      }, Promise.resolve());
    });
  }

  function flush() {
    return run(STORE, "readonly", function (store) { return store.getAll(); }).then(function (items) {
      return items.reduce(function (chain, item) {
        return chain.then(function () { return send(item).then(function (ok) { if (ok) { say(labels.sent); form.dataset.synced = "1"; } }); });
      }, Promise.resolve());
    }).catch(function () { /* still offline: kept for the next try */ })
      .then(flushPhotos).catch(function () { /* kept for the next try */ });
  }

  // The photos picked, made smaller and kept in the queue (at most what the session lacks).
  function keepPhotos() {
    var files = picker ? Array.prototype.slice.call(picker.files || []) : [];
    var left = picker ? parseInt(picker.dataset.left, 10) || 0 : 0;
    if (!files.length) { return Promise.resolve(); }
    var api = picker.dataset.api;
    picker.value = ""; // a second tap on "save" does not queue them again
    picker.dataset.left = String(Math.max(0, left - files.length));
    return Promise.all(files.slice(0, left).map(shrink)).then(function (blobs) {
      var items = blobs.map(function (blob) { return { id: uuid(), api: api, blob: blob }; });
      return run(PHOTOS, "readwrite", function (store) { items.forEach(function (item) { store.put(item); }); })
        .then(function () { items.forEach(function (item) { sayPhoto(item.id, labels.photo_queued); }); });
    });
  }

  if (picker) {
    picker.addEventListener("change", function () {
      var left = parseInt(picker.dataset.left, 10) || 0;
      if (picker.files.length > left) { sayPhoto("too-many", labels.photo_too_many); }
    });
  }

  form.addEventListener("submit", function (event) {
    if (!window.indexedDB || !window.fetch) { return; } // the plain form post
    event.preventDefault();
    var item = payload();
    keepPhotos().then(function () {
      return run(STORE, "readwrite", function (store) { return store.put(item); });
    }).then(function () {
      if (!navigator.onLine) { say(labels.queued); return; }
      return send(item).then(function (ok) { if (ok) { say(labels.sent); form.dataset.synced = "1"; } })
        .catch(function () { say(labels.queued); })
        .then(flushPhotos).catch(function () { /* kept for the next try */ });
    });
  });
  window.addEventListener("online", flush);
  if (navigator.onLine) { flush(); }
})();
