"""Pages as a member sees them on a cheap phone over weak 3G: bytes on the wire and LCP.

Headless Chromium (Debian's, through Playwright) at a 360×740 phone viewport, throttled
through the DevTools protocol: about 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip,
and the CPU slowed four times. Each page is opened twice in one fresh browser context:
cold (empty cache) and warm (second visit, cache and service worker kept).

    python -m bench.pages --url http://127.0.0.1:8100 [--user demo-member]
        [--officer demo-commune] [--password cdtt-demo-2026] [--runs 3] [--requests]

"Transferred" is the sum of encodedDataLength of Network.loadingFinished over every request
of the load, the document included, until the network has been quiet for half a second; it
counts response headers and bodies as they came over the wire (1 KB = 1,000 bytes), and
the service worker's own fetches. Requests answered from the HTTP cache or by the service
worker from its cache count 0 (each row's note says where the requests were answered). LCP
is the last 'largest-contentful-paint' entry, read after the load settles. Each page is
measured RUNS times (a fresh context each time) and the median kept: LCP is noisy on a
shared machine. Logging in goes through the login form first, unthrottled, in another
context whose cookies the measured context inherits, so its cache stays empty.
"""

import argparse
import itertools
import json
import math
import shutil
import statistics
import sys
from dataclasses import dataclass, field
from urllib.parse import urlsplit

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
VIEWPORT = {"width": 360, "height": 740}
# Weak 3G, as Chrome's DevTools presets give it: bytes per second and milliseconds.
NETWORK = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1_600_000 / 8,
    "uploadThroughput": 750_000 / 8,
    "connectionType": "cellular3g",
}
CPU_SLOWDOWN = 4
RUNS = 3
LCP_TARGET_MS = 2500  # Core Web Vitals: "good" below 2.5 s
SETTLE_MS = 500  # the load has settled when the network has been quiet this long
TIMEOUT_MS = 120_000
SETTLE_LIMIT_MS = 30_000  # past this, a request that never ends is left unfinished

# Read the page's last LCP entry (buffered: it happened before we asked).
LCP_SCRIPT = """() => new Promise((resolve) => {
  let last = null;
  const observer = new PerformanceObserver((list) => {
    const entries = list.getEntries();
    if (entries.length) last = entries[entries.length - 1];
  });
  observer.observe({type: "largest-contentful-paint", buffered: true});
  setTimeout(() => {
    const entries = observer.takeRecords();
    if (entries.length) last = entries[entries.length - 1];
    observer.disconnect();
    if (!last) return resolve(null);
    const el = last.element;
    const what = el ? el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : "")
      + (last.url ? " " + last.url : " «" + (el.textContent || "").trim().slice(0, 40) + "»")
      : "(removed element)";
    resolve({ms: last.startTime, element: what});
  }, 300);
})"""


@dataclass
class Request:
    """One request of a load, as the DevTools protocol reported it."""

    url: str
    bytes: int = 0
    status: int | None = None
    encoding: str = ""
    cache_control: str = ""
    source: str = "network"  # network, cache, service worker
    target: str = "page"  # page, or the service worker fetching for itself
    done: bool = False  # finished or failed


@dataclass
class Load:
    """What one visit of a page transferred and painted."""

    requests: dict[str, Request] = field(default_factory=dict)
    lcp_ms: float | None = None
    lcp_element: str = ""

    @property
    def bytes(self) -> int:
        return sum(r.bytes for r in self.requests.values())

    def document(self) -> Request | None:
        return next(iter(self.requests.values()), None)

    def compression(self) -> str:
        """How the document and the static text files came over the wire."""
        doc = self.document()
        html = (doc.encoding or "not compressed") if doc else "?"
        static = {
            r.encoding or "not compressed"
            for r in self.requests.values()
            if "/static/" in r.url
            and r.source == "network"
            and r.bytes
            and r.url.rsplit(".", 1)[-1] in {"css", "js", "svg"}
        }
        return f"HTML {html}, static files {'/'.join(sorted(static)) or 'not fetched'}"

    def summary(self) -> str:
        """Where the requests were answered: '6 network, 2 cache'."""
        counts: dict[str, int] = {}
        for r in self.requests.values():
            counts[r.source] = counts.get(r.source, 0) + 1
        return ", ".join(f"{n} {source}" for source, n in counts.items())


class Recorder:
    """Collects the Network events of the page and of its workers into a Load.

    The page's own CDP session reports the page's requests; a request the service worker
    answers shows there with 0 bytes, and what the worker fetches (the entry page's
    document, the files it caches at install) is reported by the worker's target. So the
    page session auto-attaches to its workers (non-flattened: Playwright's CDP session
    speaks to one target only), throttles them like the page and records their requests.
    """

    def __init__(self, session) -> None:
        self.load = Load()
        self.session = session
        self.workers: dict[str, str] = {}  # sessionId → target type
        self.scripts: dict[str, str] = {}  # target type → its script's URL
        self._ids = itertools.count(1)
        for name, handler in self._handlers().items():
            session.on(name, lambda event, handler=handler: handler(event, "page"))
        session.on("Target.attachedToTarget", self._attached)
        session.on("Target.receivedMessageFromTarget", self._from_worker)

    def start(self) -> Load:
        self.load = Load()
        return self.load

    def follow_workers(self) -> None:
        self.session.send(
            "Target.setAutoAttach",
            {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False},
        )

    def _handlers(self) -> dict:
        return {
            "Network.requestWillBeSent": self._sent,
            "Network.responseReceived": self._response,
            "Network.requestServedFromCache": self._cached,
            "Network.loadingFinished": self._finished,
            "Network.loadingFailed": self._failed,
        }

    def _send_to(self, session_id: str, method: str, params: dict | None = None) -> None:
        message = {"id": next(self._ids), "method": method, "params": params or {}}
        self.session.send(
            "Target.sendMessageToTarget", {"sessionId": session_id, "message": json.dumps(message)}
        )

    def _attached(self, event) -> None:
        session_id = event["sessionId"]
        target = event["targetInfo"]["type"].replace("_", " ")
        self.workers[session_id] = target
        self.scripts[target] = event["targetInfo"]["url"]
        self._send_to(session_id, "Network.enable")
        self._send_to(session_id, "Network.emulateNetworkConditions", NETWORK)
        self._send_to(session_id, "Runtime.runIfWaitingForDebugger")

    def _from_worker(self, event) -> None:
        message = json.loads(event["message"])
        handler = self._handlers().get(message.get("method", ""))
        if handler is not None:
            handler(message["params"], self.workers.get(event["sessionId"], "worker"))

    def _key(self, event, target: str) -> str:
        return f"{target}:{event['requestId']}"

    def _sent(self, event, target: str) -> None:
        key, url = self._key(event, target), event["request"]["url"]
        if url.startswith("data:"):
            return
        if key not in self.load.requests:  # a redirect keeps its requestId: keep the first
            self.load.requests[key] = Request(url, target=target)
        else:
            self.load.requests[key].url = url

    def _response(self, event, target: str) -> None:
        key, response = self._key(event, target), event["response"]
        if key not in self.load.requests and not response["url"].startswith("data:"):
            # e.g. the worker's own script, fetched before the worker could be watched
            self.load.requests[key] = Request(response["url"], target=target)
        request = self.load.requests.get(key)
        if request is None:
            return
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        request.status = response.get("status")
        request.encoding = headers.get("content-encoding", "")
        request.cache_control = headers.get("cache-control", "")
        if response.get("fromServiceWorker"):
            request.source = "service worker"
        elif response.get("fromDiskCache") or response.get("fromPrefetchCache"):
            request.source = "cache"

    def _cached(self, event, target: str) -> None:
        request = self.load.requests.get(self._key(event, target))
        if request is not None:
            request.source = "cache"

    def _finished(self, event, target: str) -> None:
        request = self.load.requests.get(self._key(event, target))
        if request is None and event.get("encodedDataLength"):  # the worker's own script
            request = Request(self.scripts.get(target, "?"), target=target)
            self.load.requests[self._key(event, target)] = request
        if request is not None:
            request.bytes += int(event.get("encodedDataLength", 0))
            request.done = True

    def _failed(self, event, target: str) -> None:
        request = self.load.requests.get(self._key(event, target))
        if request is not None:
            request.done = True
            request.source = f"failed: {event.get('errorText', '')}"


def log_in(browser, base_url: str, username: str, password: str) -> dict:
    """Log in through the site's form (unthrottled); the cookies of the session."""
    context = browser.new_context(base_url=base_url, viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        if urlsplit(page.url).path.startswith("/accounts/login/"):
            raise RuntimeError(f"could not log in as {username!r}")
        return context.storage_state()
    finally:
        context.close()


def visit(page, recorder: Recorder, path: str) -> Load:
    """Open the page and wait until its network is quiet; bytes and LCP of that load."""
    load = recorder.start()
    page.goto(path, wait_until="load", timeout=TIMEOUT_MS)
    quiet, seen = 0, -1
    for _ in range(SETTLE_LIMIT_MS // 100):  # nothing in flight, nothing new, for SETTLE_MS
        page.wait_for_timeout(100)
        busy = any(not r.done for r in load.requests.values())
        quiet = 0 if busy or len(load.requests) != seen else quiet + 100
        seen = len(load.requests)
        if quiet >= SETTLE_MS:
            break
    lcp = page.evaluate(LCP_SCRIPT)
    if lcp:
        load.lcp_ms, load.lcp_element = lcp["ms"], lcp["element"]
    return load


def measure_page(browser, base_url: str, spec: dict) -> tuple[Load, Load]:
    """Cold then warm load of one page in a fresh context (logged in first if asked)."""
    state = log_in(browser, base_url, *spec["login"]) if spec.get("login") else None
    context = browser.new_context(
        base_url=base_url,
        viewport=VIEWPORT,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        storage_state=state,
    )
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        session = context.new_cdp_session(page)
        recorder = Recorder(session)
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", NETWORK)
        session.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        recorder.follow_workers()
        cold = visit(page, recorder, spec["path"])
        warm = visit(page, recorder, spec["path"])
        return cold, warm
    finally:
        context.close()


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _spread(values: list[float], unit: str) -> str:
    """'median of 3, 636–1092 ms; ' for a row's note."""
    if len(values) < 2:
        return ""
    return f"median of {len(values)}, {min(values):.0f}–{max(values):.0f} {unit}; "


def rows_for(spec: dict, runs: list[tuple[Load, Load]]) -> list[dict]:
    """The figures of one page: bytes and LCP, cold and warm, the median of the runs."""
    label, max_kb = spec["label"], spec["max_kb"]
    max_lcp = spec.get("max_lcp_ms", LCP_TARGET_MS)
    sent = runs[0][0].compression()  # how this server sends the page and its files
    rows = []
    for index, name in enumerate(("cold", "warm")):
        loads = [run[index] for run in runs]
        sizes = [load.bytes / 1000 for load in loads]
        kb = _median(sizes)
        spread = _spread(sizes, "KB") if len(set(sizes)) > 1 else ""
        rows.append(
            {
                "figure": f"{label}, {name}: transferred ({sent})",
                "value": round(kb, 1),
                "unit": "KB",
                "floor": None,
                "ratio": None,
                "target": f"< {max_kb} KB",
                "ok": kb < max_kb,
                "note": spread + loads[0].summary(),
            }
        )
    for index, name in enumerate(("cold", "warm")):
        loads = [run[index] for run in runs]
        times = [load.lcp_ms for load in loads if load.lcp_ms is not None]
        ms = _median(times) if len(times) == len(loads) else float("nan")
        rows.append(
            {
                "figure": f"{label}, {name}: LCP",
                "value": ms if math.isnan(ms) else float(round(ms)),
                "unit": "ms",
                "floor": None,
                "ratio": None,
                "target": f"< {max_lcp} ms",
                "ok": ms < max_lcp,  # NaN (no LCP entry) is not < anything
                "note": _spread(times, "ms") + f"largest: {loads[0].lcp_element or 'no LCP entry'}",
            }
        )
    return rows


def measure_pages(
    base_url: str, pages: list[dict], runs: int = RUNS, details: list | None = None
) -> list[dict]:
    """Bytes transferred and LCP of each page, cold and warm, on a throttled phone.

    pages: [{"label", "path", "login": (username, password) or None, "max_kb"}]; the
    optional "max_lcp_ms" defaults to 2500. Each figure is the median of `runs` cold-then-warm
    pairs. When a list is given as details, each page's (label, cold Load, warm Load) of the
    first run is appended to it (for --requests).
    """
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for spec in pages:
                loads = [measure_page(browser, base_url, spec) for _ in range(max(1, runs))]
                rows += rows_for(spec, loads)
                if details is not None:
                    details.append((spec["label"], *loads[0]))
        finally:
            browser.close()
    return rows


def landing_path(base_url: str, path: str, login: tuple[str, str]) -> str:
    """Where a path redirects a logged-in user (e.g. /reports/ to this month's page)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                base_url=base_url, storage_state=log_in(browser, base_url, *login)
            )
            page = context.new_page()
            page.goto(path)
            return urlsplit(page.url).path
        finally:
            browser.close()


def default_pages(base_url: str, member: tuple[str, str], officer: tuple[str, str]) -> list[dict]:
    """The four pages of the brief: entry, the member's month, the commune dashboard, home."""
    return [
        {"label": "Activity entry page", "path": "/activities/", "login": member, "max_kb": 100},
        {
            "label": "Member's month",
            "path": landing_path(base_url, "/reports/", member),  # /reports/my/<period>/
            "login": member,
            "max_kb": 250,
        },
        {
            "label": "Commune dashboard",
            "path": landing_path(base_url, "/dashboard/", officer),  # /dashboard/unit/<pk>/
            "login": officer,
            "max_kb": 250,
        },
        {"label": "Public home page", "path": "/", "login": None, "max_kb": 250},
    ]


def render(rows: list[dict]) -> str:
    width = max(len(r["figure"]) for r in rows)
    lines = [f"{'figure':<{width}}  {'value':>7}  unit  {'target':<10}  ok   note"]
    for r in rows:
        lines.append(
            f"{r['figure']:<{width}}  {r['value']:>7.1f}  {r['unit']:<4}  {r['target']:<10}  "
            f"{'yes' if r['ok'] else 'NO ':<3}  {r.get('note', '')}"
        )
    return "\n".join(lines)


def render_requests(label: str, name: str, load: Load) -> str:
    lines = [f"{label}, {name}: {load.bytes} bytes, LCP {load.lcp_ms} ms ({load.lcp_element})"]
    for r in load.requests.values():
        lines.append(
            f"  {r.bytes:>7}  {r.status or '-':>3}  {r.source:<14} {r.target:<6} "
            f"{r.encoding or '-':<5} {r.cache_control[:40]:<40} {r.url}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="demo-member", help="a member")
    parser.add_argument("--officer", default="demo-commune", help="a commune officer")
    parser.add_argument("--password", default="cdtt-demo-2026")
    parser.add_argument("--runs", type=int, default=RUNS, help="cold-and-warm pairs per page")
    parser.add_argument("--requests", action="store_true", help="list every request")
    args = parser.parse_args()
    base = args.url.rstrip("/")
    pages = default_pages(base, (args.user, args.password), (args.officer, args.password))
    details: list = []
    rows = measure_pages(base, pages, args.runs, details)
    if args.requests:
        for label, cold, warm in details:
            print(render_requests(label, "cold", cold))
            print(render_requests(label, "warm", warm))
    print(render(rows))
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
