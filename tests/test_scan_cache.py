"""The scan of a built site keeps what each page needs by the page's bytes (core/hosting.py
`PageCache`): a rebuild must report exactly what a fresh scan reports, whatever the cache
holds, and a changed page, a changed allow-list or a damaged cache file must never hide a load
from another origin."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import generator.core.hosting as hosting
from generator.core.hosting import PageCache, _find, check_site, policy_for
from generator.core.problems import Problems
from kursbau_testing import aged_cache_files

FONT_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
<script>console.log("theme")</script><style>p{color:red}</style></head>
<body><p style="margin:0" onclick="go()">Text</p><pre class="mermaid">graph LR; a-->b</pre>
</body></html>"""

PLAIN_PAGE = """<!doctype html><html><head><meta charset="utf-8"></head>
<body><p>Text</p></body></html>"""


def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    site = tmp_path / "site"
    for rel, html in pages.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(html, encoding="utf-8")
    return site


def _scan(site: Path, root: Path, cache: Path | None, allowed=frozenset()):
    problems = Problems()
    facts = check_site(site, set(allowed), {}, root, problems, cache_dir=cache)
    return [str(p) for p in problems], facts


def test_a_rebuild_reports_and_allows_exactly_what_a_fresh_scan_does(tmp_path):
    site = _site(tmp_path, {"index.html": FONT_PAGE, "a/index.html": PLAIN_PAGE})
    cache = tmp_path / "cache"
    fresh = _scan(site, tmp_path, None)
    first = _scan(site, tmp_path, cache)
    assert list(cache.glob("pages-*.json")), "the scan keeps what it read"
    again = _scan(site, tmp_path, cache)
    assert fresh == first == again
    problems, facts = again
    assert any("fonts.googleapis.com" in p for p in problems)
    assert facts.handler_hashes and facts.style_attribute_hashes and facts.script_hashes
    assert facts.mermaid_pages == ["index.html"] and facts.pages == 2


def test_a_changed_page_is_read_again(tmp_path):
    site = _site(tmp_path, {"index.html": PLAIN_PAGE})
    cache = tmp_path / "cache"
    assert _scan(site, tmp_path, cache)[0] == []
    (site / "index.html").write_text(FONT_PAGE, encoding="utf-8")
    problems, _ = _scan(site, tmp_path, cache)
    assert any("fonts.googleapis.com" in p for p in problems)


def test_the_cache_holds_loads_before_the_allow_list(tmp_path):
    site = _site(tmp_path, {"index.html": FONT_PAGE})
    cache = tmp_path / "cache"
    _scan(site, tmp_path, cache)  # nothing allowed: the font host is a problem
    allowed = {"https://fonts.googleapis.com"}
    problems, facts = _scan(site, tmp_path, cache, allowed)
    assert problems == []
    assert "https://fonts.googleapis.com" in policy_for(facts, allowed)
    problems, _ = _scan(site, tmp_path, cache)  # and taken back
    assert any("fonts.googleapis.com" in p for p in problems)


def test_a_damaged_or_foreign_cache_is_never_believed(tmp_path):
    site = _site(tmp_path, {"index.html": FONT_PAGE})
    cache = tmp_path / "cache"
    expected = _scan(site, tmp_path, None)[0]
    _scan(site, tmp_path, cache)
    (file,) = cache.glob("pages-*.json")
    content = json.loads(file.read_text("utf-8"))
    clean = {key: {**page, "loads": []} for key, page in content["pages"].items()}
    # an entry that says "loads nothing", written by another version of the scanner
    file.write_text(json.dumps({"scanner": "older", "pages": clean}), "utf-8")
    assert _scan(site, tmp_path, cache)[0] == expected
    # entries of the wrong shape, and a file cut short
    broken = {key: {**page, "loads": [["img"]]} for key, page in content["pages"].items()}
    file.write_text(json.dumps({"scanner": content["scanner"], "pages": broken}), "utf-8")
    assert _scan(site, tmp_path, cache)[0] == expected
    file.write_text(json.dumps(content)[:40], "utf-8")
    assert _scan(site, tmp_path, cache)[0] == expected


def test_files_of_projects_not_built_for_a_month_go(tmp_path):
    cache = tmp_path / "cache"
    old, recent = aged_cache_files(cache, "pages")
    _scan(_site(tmp_path, {"index.html": PLAIN_PAGE}), tmp_path, cache)
    assert not old.exists() and recent.exists() and len(list(cache.glob("pages-*.json"))) == 2


def test_a_page_keyed_by_its_content_still_sees_every_byte_that_changed(tmp_path):
    # The built page's key reuses the digest of its content (hashed while MkDocs made it):
    # a change in the content, or around it in the theme's part, must be read again, and a
    # page whose content is not in it verbatim (a minifier) is keyed by all its bytes.
    filler = "<p>" + "Lange Erklärung. " * 400 + "</p>"  # content worth splitting off
    content = filler + '<img src="https://own.example/b.png" alt="">'
    foreign = filler + '<img src="https://cdn.example/b.png" alt="">'  # the same length
    head = '<!doctype html><html><head><meta charset="utf-8"></head><body><main>'
    tail = "</main></body></html>"
    folder = tmp_path / "cache"

    def facts(scanned: str, page: str) -> dict:
        cache = PageCache(folder, tmp_path)
        cache.content_facts("index.html", scanned)
        found = cache.facts("index.html", page.encode("utf-8"))
        cache.save()
        return found

    def urls(found: dict) -> list[str]:
        return [load[1] for load in found["loads"]]

    assert urls(facts(content, head + content + tail)) == ["https://own.example/b.png"]
    assert urls(facts(foreign, head + foreign + tail)) == ["https://cdn.example/b.png"]
    assert urls(facts(content, head + content + tail)) == ["https://own.example/b.png"]
    theme = head.replace("<main>", '<main><script src="https://cdn.example/t.js"></script>')
    assert urls(facts(content, theme + content + tail)) == [
        "https://cdn.example/t.js",
        "https://own.example/b.png",
    ]
    # the content scanned is not in the page as written (a minifier): all its bytes count
    assert urls(facts(content, head + foreign + tail)) == ["https://cdn.example/b.png"]


# Pages repeat themselves (navigation, a quiz's markup): data made of a repeated unit and a
# tail from a small alphabet, so that a part's first 64 bytes occur early and the part itself
# later or never; parts cut from the data, from elsewhere, long and empty.
_LETTERS = st.binary(max_size=200).map(lambda b: bytes(98 + x % 2 for x in b))
_REPEATING = st.builds(
    lambda unit, times, tail: unit * times + tail, _LETTERS, st.integers(0, 80), _LETTERS
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_REPEATING, st.integers(0, 400), st.integers(0, 200), _REPEATING)
def test_finding_the_content_in_a_page_is_find(data, start, length, other):
    for part in (data[start : start + length], other[:length], data + b"b"):
        assert _find(data, part) == data.find(part)


def _stylesheet(font_host: str) -> str:
    rules = "".join(f".c{i} {{ color: #{i:06x}; }}\n" for i in range(120))  # 3 KB
    return rules + f"@font-face {{ font-family: F; src: url(https://{font_host}/f.woff2); }}\n"


def test_a_stylesheet_is_read_once_for_every_project_that_uses_it(tmp_path, monkeypatch):
    # The theme's stylesheets are the same in every project: building one project must not
    # drop what another keeps (each would read them again after the other's build).
    reads = []
    real = hosting.css_urls
    monkeypatch.setattr(hosting, "css_urls", lambda css: reads.append(css) or real(css))
    cache = tmp_path / "cache"
    sites = {}
    for name, host in (("a", "fonts.a.example"), ("b", "fonts.b.example")):
        sites[name] = _site(tmp_path / name, {"index.html": PLAIN_PAGE})
        (sites[name] / "style.css").write_text(_stylesheet(host), encoding="utf-8")
    fresh = {name: _scan(site, tmp_path / name, None) for name, site in sites.items()}
    reads.clear()
    for _ in range(2):
        for name, site in sites.items():
            assert _scan(site, tmp_path / name, cache) == fresh[name]
    assert len(reads) == 2, "each stylesheet is read by the first build that meets it"
    assert any("fonts.a.example" in p for p in fresh["a"][0])
    (sites["a"] / "style.css").write_text(_stylesheet("fonts.c.example"), encoding="utf-8")
    problems, _ = _scan(sites["a"], tmp_path / "a", cache)
    assert any("fonts.c.example" in p for p in problems) and len(reads) == 3
