/* cdtt service worker: the entry page, the skills guides and their files open with no network.
   CDTT (version, assets, pages) is written above this line by the server (cdtt/activities/pwa.py).
   Files: from the cache of this version, fetched once at install. Entry pages: from the network
   when there is one (and kept), else the last copy kept. The API is never cached. */
var ASSETS = "cdtt-assets-" + CDTT.version;
var PAGES = "cdtt-pages";

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(ASSETS).then(function (cache) {
    return cache.addAll(CDTT.assets);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) {
      return key.indexOf("cdtt-assets-") === 0 && key !== ASSETS;
    }).map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (CDTT.assets.indexOf(url.pathname) >= 0) {
    event.respondWith(caches.open(ASSETS).then(function (cache) {
      return cache.match(url.pathname).then(function (hit) { return hit || fetch(request); });
    }));
    return;
  }
  var kept = (CDTT.prefixes || []).some(function (p) { return url.pathname.indexOf(p) === 0; });
  if (CDTT.pages.indexOf(url.pathname) < 0 && !kept) return;
  var key = url.pathname + url.search;
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && !response.redirected && request.mode === "navigate") {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) { return cache.put(key, copy); });
    }
    return response;
  }).catch(function () {
    return caches.open(PAGES).then(function (cache) {
      return cache.match(key, { ignoreVary: true }).then(function (hit) {
        return hit || cache.match(url.pathname, { ignoreVary: true });
      });
    }).then(function (hit) { return hit || Response.error(); });
  }));
});
