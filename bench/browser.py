"""The browser side of the benchmark: bytes a page carries, scoring time in Chromium, Lighthouse.

Used by bench/run.py; every function returns plain JSON-able values.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import os
import re
import statistics
import subprocess
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices")
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}


# -- bytes ---------------------------------------------------------------------------------------


class _Resources(HTMLParser):
    """Scripts and stylesheets of a page: files by URL, inline code by its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, str, str]] = []  # (kind js|css|data, "src"|"inline", value)
        self._inline: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "script":
            kind = a.get("type", "").strip().lower()
            what = "js" if kind in _JS_TYPES else "data"
            if a.get("src"):
                self.items.append((what, "src", a["src"]))
            else:
                self._inline = (what, [])
        elif tag == "link" and "stylesheet" in a.get("rel", "").lower().split() and a.get("href"):
            self.items.append(("css", "src", a["href"]))
        elif tag == "style":
            self._inline = ("css", [])

    def handle_data(self, data):
        if self._inline is not None:
            self._inline[1].append(data)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._inline is not None:
            self.items.append((self._inline[0], "inline", "".join(self._inline[1])))
            self._inline = None


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def page_resources(site: Path, page: str) -> list[dict]:
    """Each script, stylesheet and inline block of `page` (a path in `site`) with its bytes."""
    parser = _Resources()
    parser.feed((site / page).read_text(encoding="utf-8"))
    parser.close()
    found = []
    base = "http://site/" + page
    for kind, how, value in parser.items:
        if how == "inline":
            data = value.encode("utf-8")
            found.append({"kind": kind, "key": f"inline {kind}", "where": "inline", "data": data})
            continue
        url = urljoin(base, value)
        parts = urlsplit(url)
        if parts.netloc != "site":  # another origin: not part of the site, bytes unknown here
            found.append({"kind": kind, "key": url, "where": "external", "data": None})
            continue
        path = site / parts.path.lstrip("/")
        data = path.read_bytes() if path.is_file() else b""
        found.append({"kind": kind, "key": parts.path.lstrip("/"), "where": "file", "data": data})
    return found


def _sizes(items: list[dict]) -> dict:
    raw = sum(len(i["data"]) for i in items if i["data"] is not None)
    return {
        "raw": raw,
        "gzip": sum(_gz(i["data"]) for i in items if i["data"] is not None),
        "items": [
            {
                "what": i["key"] if i["where"] != "inline" else f"inline {i['kind']}",
                "kind": i["kind"],
                "raw": len(i["data"]) if i["data"] is not None else None,
                "gzip": _gz(i["data"]) if i["data"] is not None else None,
            }
            for i in items
        ],
    }


def added_bytes(kursbau_site: Path, plain_site: Path, page: str) -> dict:
    """JS and CSS that the Kursbau page carries and the same page of the plain build does not.

    Files are compared by path and content, inline blocks by text. Inline JSON (the check data)
    is reported apart: the browser parses it as data, never runs it. A file that replaces one the
    plain page loads from another origin (the theme's offline shim) is reported apart as well.
    """
    mine = page_resources(kursbau_site, page)
    theirs = page_resources(plain_site, page)
    plain_keys = {(i["key"], i["data"]) for i in theirs}
    new = [i for i in mine if (i["key"], i["data"]) not in plain_keys]
    mine_external = {i["key"] for i in mine if i["where"] == "external"}
    dropped = [
        i["key"] for i in theirs if i["where"] == "external" and i["key"] not in mine_external
    ]
    # a local file named like a dropped foreign one (…/iframe-worker.js for unpkg.com/iframe-worker)
    names = {_first_segment(url) for url in dropped} - {""}
    replaces = [i for i in new if i["where"] == "file" and any(n in i["key"] for n in names)]
    code = [i for i in new if i["kind"] in ("js", "css") and i not in replaces]
    return {
        "page": page,
        "js": _sizes([i for i in code if i["kind"] == "js"]),
        "css": _sizes([i for i in code if i["kind"] == "css"]),
        "total": _sizes(code),
        "data": _sizes([i for i in new if i["kind"] == "data"]),
        "replaces_external": {"external": dropped, "local": _sizes(replaces)},
    }


def _first_segment(url: str) -> str:
    return next((part for part in urlsplit(url).path.split("/") if part), "")


# -- a static server -----------------------------------------------------------------------------


_COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """A static host as any production one behaves: text files gzipped when asked for."""

    _gzipped: dict[str, bytes] = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.is_file() and path.suffix in _COMPRESSIBLE):
            return super().do_GET()
        body = self._gzipped.get(str(path))
        if body is None:
            body = self._gzipped[str(path)] = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve(folder: Path):
    """Serve `folder` on 127.0.0.1 (a free port), gzipping text; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# -- scoring in Chromium --------------------------------------------------------------------------

_SCORE_JS = """
([data, answers, warmup, reps]) => {
  for (let i = 0; i < warmup; i++) Kursbau.score(data, answers);
  const times = [];
  let result;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    result = Kursbau.score(data, answers);
    times.push(performance.now() - t0);
  }
  const batch = 20, t0 = performance.now();
  for (let i = 0; i < batch; i++) Kursbau.score(data, answers);
  const perCall = (performance.now() - t0) / batch;
  return {times, perCall, score: result.score, max: result.max, band: result.band,
          unanswered: result.unanswered, agent: navigator.userAgent};
}
"""


def scoring_time(data: dict, answers: dict, *, reps: int = 200, warmup: int = 20) -> dict:
    """Median time of `Kursbau.score(data, answers)` in Chromium, with kursbau.js as shipped."""
    from playwright.sync_api import sync_playwright

    script = (ROOT / "generator" / "assets" / "kursbau.js").read_text(encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS, headless=True)
        try:
            page = browser.new_page()
            page.set_content("<!doctype html><title>bench</title><p>bench</p>")
            page.add_script_tag(content=script)
            out = page.evaluate(_SCORE_JS, [data, answers, warmup, reps])
        finally:
            browser.close()
    times = sorted(out["times"])
    return {
        "questions": len(data["questions"]),
        "reps": reps,
        "median_ms": round(statistics.median(times), 4),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 4),
        "min_ms": round(times[0], 4),
        "batch_mean_ms": round(out["perCall"], 4),
        "result": {k: out[k] for k in ("score", "max", "band", "unanswered")},
        "browser": out["agent"],
    }


# -- Lighthouse ----------------------------------------------------------------------------------


def lighthouse(url: str, out_json: Path, preset: str = "desktop") -> dict:
    """One Lighthouse run against Debian's Chromium, with the desktop preset or ("mobile")
    Lighthouse's default mobile settings and throttling; scores 0–100 and the audits that lost
    points."""
    flags = " ".join(["--headless=new", *[f for f in CHROME_FLAGS if f != "--headless"]])
    cmd = [
        str(LIGHTHOUSE),
        url,
        *(["--preset=desktop"] if preset == "desktop" else []),
        f"--chrome-path={CHROMIUM}",
        f"--chrome-flags={flags}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={out_json}",
        "--quiet",
    ]
    env = os.environ | {"CHROME_PATH": CHROMIUM}
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not out_json.is_file():
        return {"error": (proc.stderr or proc.stdout)[-2000:]}
    report = json.loads(out_json.read_text(encoding="utf-8"))
    scores = {}
    failing = {}
    for key in CATEGORIES:
        category = report["categories"][key]
        scores[key] = None if category["score"] is None else round(category["score"] * 100)
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing[ref["id"]] = {
                    "category": key,
                    "score": audit["score"],
                    "title": audit.get("title"),
                    "display": audit.get("displayValue"),
                    "nodes": [
                        (item.get("node") or {}).get("snippet")
                        for item in (audit.get("details") or {}).get("items", [])[:5]
                        if isinstance(item, dict) and item.get("node")
                    ],
                }
    metrics = {
        k: report["audits"][k].get("numericValue")
        for k in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time")
        if k in report["audits"]
    }
    return {
        "scores": scores,
        "failing": failing,
        "metrics_ms": metrics,
        "lighthouse": report.get("lighthouseVersion"),
        "userAgent": report.get("environment", {}).get("hostUserAgent"),
    }


def lighthouse_median(url: str, work: Path, runs: int, preset: str = "desktop") -> dict:
    """Median of each category over `runs` runs; failing audits of the last run."""
    results = []
    for i in range(runs):
        result = lighthouse(url, work / f"lh-{preset}-{_slug(url)}-{i}.json", preset)
        if "error" in result:
            return result | {"url": url}
        results.append(result)
    scores = {
        key: statistics.median_low([r["scores"][key] for r in results])
        if all(r["scores"][key] is not None for r in results)
        else None
        for key in CATEGORIES
    }
    failing = {}
    for r in results:
        failing.update(r["failing"])
    return {
        "url": url,
        "runs": runs,
        "scores": scores,
        "all_scores": [r["scores"] for r in results],
        "failing": failing,
        "metrics_ms": results[-1]["metrics_ms"],
        "lighthouse": results[-1]["lighthouse"],
        "userAgent": results[-1]["userAgent"],
    }


def _slug(url: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", urlsplit(url).path.lower()).strip("-") or "index"
