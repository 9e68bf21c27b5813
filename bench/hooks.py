"""CPU time spent inside the kursbau plugin during one `mkdocs build`, by event, measured in the
build's own process: exact where comparing whole builds drowns a small cost in the machine's
noise (a shared machine swings a build by more than the 2 % asked of a site without checks).

    .venv/bin/python bench/hooks.py -f course/mkdocs.yml [--site-dir DIR] [--json]

Importing the plugin is timed after MkDocs' own modules are loaded (a plain build loads those
too); each of the plugin's event handlers is wrapped where MkDocs keeps it, so the numbers are
the handlers alone, not what other plugins or the theme do around them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def measure(config_file: Path, site_dir: Path) -> dict:
    import logging

    import mkdocs.commands.build
    import mkdocs.config
    import mkdocs.plugins
    import mkdocs.structure.nav  # noqa: F401 - loaded by any build, before the plugin

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    started = time.process_time()
    import generator.mkdocs_adapter.plugin  # noqa: F401

    spent: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    spent["import"] = time.process_time() - started

    config = mkdocs.config.load_config(str(config_file), site_dir=str(site_dir))
    plugin = config.plugins["kursbau"]
    for event, methods in config.plugins.events.items():
        for i, method in enumerate(methods):
            if getattr(method, "__self__", None) is plugin:
                methods[i] = _timed(method, event, spent, calls)
    build_started = time.process_time()
    mkdocs.commands.build.build(config)
    total = time.process_time() - build_started + spent["import"]
    return {
        "events": {k: round(v, 4) for k, v in sorted(spent.items(), key=lambda kv: -kv[1])},
        "calls": dict(calls),
        "plugin_s": round(sum(spent.values()), 4),
        "build_cpu_s": round(total, 3),
    }


def _timed(method, event: str, spent: dict, calls: dict):
    def timed(*args, **kwargs):
        started = time.process_time()
        try:
            return method(*args, **kwargs)
        finally:
            spent[event] += time.process_time() - started
            calls[event] += 1

    return timed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--config-file", type=Path, required=True)
    parser.add_argument("--site-dir", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kursbau-hooks-") as tmp:
        result = measure(args.config_file.resolve(), args.site_dir or Path(tmp) / "site")
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"kursbau plugin: {result['plugin_s']:.3f} s CPU of a {result['build_cpu_s']:.2f} s build"
        )
        for event, seconds in result["events"].items():
            print(f"  {event:<16} {seconds:8.4f} s  ({result['calls'].get(event, 1)} calls)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
