/* cdtt skills: a guide opened once stays readable with no network. The service worker
   (sw.js) serves the pages under /skills/learn/ from its cache when offline; this keeps the
   current one there as soon as the worker is ready. */
(function () {
  var PAGES = "cdtt-pages";  /* as in sw.js */
  var note = document.querySelector("[data-offline-note]");
  function mark() { if (note) note.hidden = navigator.onLine; }
  window.addEventListener("online", mark);
  window.addEventListener("offline", mark);
  mark();
  if (!("serviceWorker" in navigator) || !window.caches) return;
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  /* The page as the server sent it, kept as it is (no second download). */
  var snapshot = "<!doctype html>\n" + document.documentElement.outerHTML;
  navigator.serviceWorker.ready.then(function () {
    return caches.open(PAGES).then(function (cache) {
      return cache.put(location.pathname, new Response(snapshot, {
        headers: { "Content-Type": "text/html; charset=utf-8" }
      }));
    });
  }).then(function () { document.documentElement.dataset.offlineReady = "1"; }).catch(function () {});
})();
