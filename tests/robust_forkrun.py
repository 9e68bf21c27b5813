"""Runs many `kursbau build` / `mkdocs build` commands quickly: Python, MkDocs and Kursbau are
imported once, then every command runs in a forked child process of its own, with its own working
directory, stdout/stderr files and exit code, exactly as if started from a shell. An exception
that escapes the command prints its traceback and exits with 1, as the interpreter would.

Usage (by the tests): python tests/robust_forkrun.py < jobs.json > codes.json
jobs: [{"tool": "kursbau"|"mkdocs", "cwd": "...", "args": [...], "out": "...", "err": "..."}]
"""

from __future__ import annotations

import json
import os
import sys
import traceback

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ["KURSBAU_DEBUG"] = "1"  # an unexpected error must show as a traceback here


def _entry(tool: str):
    if tool == "kursbau":
        from generator.cli import main

        return lambda args: main(args)
    from mkdocs.__main__ import cli

    return lambda args: cli.main(args=args, prog_name="mkdocs")


def _child(job: dict) -> int:
    os.chdir(job["cwd"])
    for fd, path in ((1, job["out"]), (2, job["err"])):
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(handle, fd)
        os.close(handle)
    sys.argv = [job["tool"], *job["args"]]
    try:
        code = _entry(job["tool"])(job["args"])
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    except BaseException:
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    return int(code or 0)


def main() -> None:
    jobs = json.load(sys.stdin)
    for tool in {job["tool"] for job in jobs}:
        _entry(tool)  # import before forking, so each child starts warm
    import material.plugins.offline.plugin  # noqa: F401
    import material.plugins.search.plugin  # noqa: F401
    import mkdocs.commands.build  # noqa: F401
    from mkdocs.utils import get_theme_names

    import generator.mkdocs_adapter.build  # noqa: F401
    import generator.render  # noqa: F401

    get_theme_names()  # scans the installed entry points once

    parallel = max(1, min(4, os.cpu_count() or 1))
    codes: dict[int, int] = {}
    running: dict[int, int] = {}  # pid → job index
    pending = list(enumerate(jobs))
    while pending or running:
        while pending and len(running) < parallel:
            index, job = pending.pop(0)
            pid = os.fork()
            if pid == 0:  # the child: run one command, never return into the loop
                status = 70
                try:
                    status = _child(job)
                finally:
                    os._exit(status)
            running[pid] = index
        pid, status = os.wait()
        codes[running.pop(pid)] = os.waitstatus_to_exitcode(status)
    json.dump([codes[i] for i in range(len(jobs))], sys.stdout)


if __name__ == "__main__":
    main()
