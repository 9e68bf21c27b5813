"""What reading a check file gave the build before: that it is valid, its compiled data per
language and its authoring hints, kept per project in the user's cache (`checks-<project>.json`).

A rebuild in which no check changed then needs neither the models nor pydantic: on a site of a
hundred pages, importing them and validating were a third of what Kursbau adds to a build. An
entry counts only for the same file (its id, path and bytes), the same course name and the same
code: the key of the whole file is the digest of Kursbau's core and of the libraries that
validate, render and judge a check, so an update never reads an old result. A check that was
read from the cache gets its model (and the positions of its YAML) when something asks for them
(the handouts, the export), validated again from the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from .usercache import forget_old_projects, read_json, write_json

if TYPE_CHECKING:
    from .loader import LoadedCheck

# What a check's validity, data and hints depend on besides the file: Kursbau's core and these.
_LIBRARIES = ("pydantic", "pydantic_core", "yaml", "markdown", "nh3", "HanTa")


class CheckCache:
    """The cache file of one project, read when the first check file is looked up (a site
    without checks never reads it); `save` writes the entries this build used."""

    def __init__(self, folder: Path | None, root: Path):
        project = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogatepass"))
        self.file = folder / f"checks-{project.hexdigest()[:16]}.json" if folder else None
        self.code = ""
        self.known: dict[str, dict] | None = None
        self.used: dict[str, dict] = {}
        self.changed = False

    def _load(self) -> dict[str, dict]:
        if self.known is None:
            self.code = code_digest()
            data = read_json(self.file)
            checks = data.get("checks") if isinstance(data, dict) else None
            fits = isinstance(checks, dict) and data.get("code") == self.code
            self.known = checks if fits else {}
        return self.known

    @staticmethod
    def key(check_id: str, rel: str, course: str, raw: bytes) -> str:
        head = "\0".join((check_id, rel, course)).encode("utf-8", "surrogatepass")
        return hashlib.sha256(head + b"\0" + raw).hexdigest()

    def knows(self, key: str) -> bool:
        """Whether the file with this key was valid when last read."""
        entry = self._load().get(key)
        if not _is_entry(entry):
            return False
        self.used[key] = entry
        return True

    def add(self, key: str) -> None:
        """A file just validated without a problem."""
        self._load()
        self.used[key] = {"data": {}, "hints": {}}
        self.changed = True

    def data(self, loaded: LoadedCheck, lang: str) -> dict | None:
        entry = self.used.get(loaded.key)
        return json.loads(entry["data"][lang]) if entry and lang in entry["data"] else None

    def keep_data(self, loaded: LoadedCheck, lang: str, data: dict) -> None:
        # kept as text: what the build does with the dict afterwards never changes the entry
        if loaded.key in self.used:
            self.used[loaded.key]["data"][lang] = json.dumps(data, ensure_ascii=False)
            self.changed = True

    def has_hints(self, loaded: LoadedCheck, lang: str) -> bool:
        entry = self.used.get(loaded.key)
        return bool(entry) and lang in entry["hints"]

    def hints(self, loaded: LoadedCheck, lang: str) -> list[dict]:
        return self.used[loaded.key]["hints"][lang]

    def keep_hints(self, loaded: LoadedCheck, lang: str, hints: list[dict]) -> None:
        if loaded.key in self.used:
            self.used[loaded.key]["hints"][lang] = hints
            self.changed = True

    def save(self) -> None:
        if self.file is None or self.known is None:
            return  # no check file was looked up
        if not self.changed and self.used.keys() == self.known.keys():
            return
        write_json(self.file, {"code": self.code, "checks": self.used})
        forget_old_projects(self.file.parent, "checks-*.json")


def compiled(loaded: LoadedCheck, check_id: str, *, course: str, lang: str, cache) -> dict:
    """The check data of `loaded` in `lang`: from `cache` when kept there, else compiled now."""
    data = cache.data(loaded, lang) if cache is not None else None
    if data is None:
        from .compile import compile_check  # the models: only for a check not in the cache

        data = compile_check(loaded.model, check_id, course=course, lang=lang)
        if cache is not None:
            cache.keep_data(loaded, lang, data)
    return data


def _is_entry(entry) -> bool:
    """An entry of the expected shape (a file edited or cut short is read again)."""
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("data"), dict)
        and all(isinstance(v, str) for v in entry["data"].values())
        and isinstance(entry.get("hints"), dict)
        and all(
            isinstance(v, list) and all(isinstance(h, dict) for h in v)
            for v in entry["hints"].values()
        )
    )


def code_digest() -> str:
    """The SHA-256 of Kursbau's core (this folder and the UI words) and of where the libraries
    that read a check are installed (an update replaces their files)."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in [*sorted(here.glob("*.py")), here.parent / "i18n.py"]:
        try:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        except OSError:
            digest.update(os.urandom(16))  # unreadable: never match an old cache
    for name in _LIBRARIES:
        spec = find_spec(name)
        if spec is None or spec.origin is None:
            digest.update(f"{name}: none".encode())
            continue
        stat = os.stat(spec.origin)
        digest.update(f"{name}: {spec.origin} {stat.st_mtime_ns} {stat.st_size}".encode())
    return digest.hexdigest()
