"""The room's web app (Starlette): the built site, the share API, the projector view.

    GET  /…                     the built site, as built (plus the room's host script, see below)
    POST /_room/api/share       a participant's share of one result (JSON, see shares.Share)
    GET  /_room/projector       the projector view (its data needs the trainer token)
    GET  /_room/api/summary     the group picture; `?after=<version>` waits for the next change
    POST /_room/api/reset       deletes every share (trainer)
    GET  /_room/api/export.csv  the group picture as CSV (trainer)
    GET  /_room/join.svg        the QR code of the participants' address

The trainer token travels in an `Authorization: Bearer` header, never in a URL the server sees:
the projector address carries it after `#`. Every response has the headers of `site/_headers`
(the site's Content-Security-Policy; the room's own pages have no inline script either).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
import sys
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Literal

import anyio
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .aggregate import summary, tallies, to_csv
from .course import RoomCourse
from .guard import (
    RateLimit,
    check_origin,
    client_of,
    host_allowed,
    read_body,
    require_json,
)
from .shares import Refused, Result, Share, device_key, verify
from .storage import Row, StorageProblem, Store, now
from .strings import room_strings

ASSETS = Path(__file__).resolve().parent / "assets"
ROOM_FILES = {"projector.js", "projector.css", "share.js"}
LONG_POLL_SECONDS = 25.0
PURGE_EVERY_SECONDS = 60.0
COALESCE_SECONDS = 0.1


@dataclass
class RoomSettings:
    join_url: str  # the participants' address (QR code, projector)
    names: frozenset[str]  # host names besides IP addresses (guard.own_names)
    keep_hours: float | None = None  # None: shares are kept until the end of the day
    rate_burst: int = 10
    rate_per_second: float = 0.2


class Room:
    """The room's state: the course, the database and, in memory, what is in it."""

    def __init__(self, course: RoomCourse, store: Store, settings: RoomSettings):
        self.course = course
        self.store = store
        self.settings = settings
        self.token = store.token()
        self.limit = RateLimit(settings.rate_burst, settings.rate_per_second)
        store.delete_before(self.cutoff())  # yesterday's room is gone before anyone connects
        self._load(store.rows())
        self._boot = secrets.token_hex(4)
        self._counter = 0
        self.version = f"{self._boot}.0"
        self._changed = asyncio.Event()
        self._summary: tuple[str, bytes] | None = None
        # a write and its place in the sums happen together, in the order of the commits
        self.writing = asyncio.Lock()
        self._pending: list[tuple[Row, Result, asyncio.Future]] = []
        self._committing = False

    def _load(self, rows: list[Row]) -> None:
        """What the database holds, in memory: each share, and the running sums per check."""
        self.results: dict[tuple[str, str], tuple[str, Result]] = {}
        for row in rows:
            # a row this version cannot read stays in the file, out of the picture
            with contextlib.suppress(ValueError, KeyError, TypeError):
                self.results[(row.check_id, row.device)] = (
                    row.version,
                    Result.from_json(row.result),
                )
        self.tallies = tallies(
            self.course, ((check, ver, res) for (check, _), (ver, res) in self.results.items())
        )

    def remember(self, row: Row, result: Result) -> None:
        """A stored share: it replaces the device's earlier share of the check in the sums."""
        key = (row.check_id, row.device)
        tally = self.tallies[row.check_id]
        earlier = self.results.get(key)
        if earlier is not None and earlier[0] == tally.data["hash"]:
            tally.add(earlier[1], -1)
        tally.add(result)
        self.results[key] = (row.version, result)
        self.changed()

    async def commit(self, row: Row, result: Result) -> None:
        """Store a share and count it in; returns once it is on disk. Shares that arrive while
        the disk is busy are committed together in the next transaction (group commit): when
        the whole room shares at once, each waits for one write, not for everyone's."""
        done = asyncio.get_running_loop().create_future()
        self._pending.append((row, result, done))
        if not self._committing:
            self._committing = True
            asyncio.ensure_future(self._commit_pending())
        await done

    async def _commit_pending(self) -> None:
        try:
            while self._pending:
                batch, self._pending = self._pending, []
                async with self.writing:
                    try:
                        await anyio.to_thread.run_sync(self.store.put, [row for row, _, _ in batch])
                    except StorageProblem as err:
                        for _, _, done in batch:
                            if not done.done():  # (a client that left has cancelled it)
                                done.set_exception(err)
                        continue
                    for row, result, done in batch:
                        self.remember(row, result)  # on disk: counted, whoever still waits
                        if not done.done():
                            done.set_result(None)
        finally:
            self._committing = False

    def forget_all(self) -> None:
        self._load([])
        self.changed()

    def changed(self) -> None:
        self._counter += 1
        self.version = f"{self._boot}.{self._counter}"
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_for_change(self, after: str, timeout: float) -> None:
        if after != self.version:
            return
        event = self._changed
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(event.wait(), timeout)
            # shares come in bursts ("now everybody share"): one picture for the whole burst
            await asyncio.sleep(COALESCE_SECONDS)

    def summary_json(self) -> bytes:
        """The picture of this version, computed once however many projectors ask."""
        if self._summary and self._summary[0] == self.version:
            return self._summary[1]
        picture = summary(self.course, self.tallies)
        picture["version"] = self.version
        picture["updated"] = dt.datetime.now().astimezone().strftime("%H:%M:%S")
        body = json.dumps(picture, ensure_ascii=False, separators=(",", ":")).encode()
        self._summary = (self.version, body)
        return body

    def cutoff(self) -> float:
        """Shares made before this time are deleted: by default those of earlier days."""
        if self.settings.keep_hours is not None:
            return now() - self.settings.keep_hours * 3600
        midnight = dt.datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        return midnight.timestamp()

    async def purge(self) -> int:
        cutoff = self.cutoff()
        async with self.writing:
            deleted = await anyio.to_thread.run_sync(self.store.delete_before, cutoff)
            if deleted:
                self._load(await anyio.to_thread.run_sync(self.store.rows))
                self.changed()
        return deleted


# ---------------------------------------------------------------- requests (pydantic for each)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class SummaryQuery(Strict):
    after: str | None = Field(default=None, max_length=64, pattern=r"^[0-9a-f]+\.\d+$")


class ResetBody(Strict):
    confirm: Literal[True]


class NoQuery(Strict):
    pass


def parse(model: type[BaseModel], raw: bytes | dict):
    try:
        if isinstance(raw, dict):
            return model.model_validate(raw)
        return model.model_validate_json(raw)
    except ValidationError as err:
        raise Refused(422, _short(err)) from None


def _short(err: ValidationError) -> str:
    first = err.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or "body"
    more = f" (and {err.error_count() - 1} more)" if err.error_count() > 1 else ""
    return f"{where}: {first['msg']}{more}"[:300]


# ---------------------------------------------------------------- the app


def create_app(room: Room) -> Guard:
    async def share(request: Request) -> Response:
        room.limit.take(client_of(request))
        check_origin(request)
        require_json(request)
        parse(NoQuery, dict(request.query_params))
        sent = parse(Share, await read_body(request))
        result = verify(sent, room.course.shareable(sent.check))
        row = Row(sent.check, device_key(sent), sent.hash, now(), result.to_json())
        await room.commit(row, result)  # on disk before it is acknowledged
        return JSONResponse({"stored": True}, status_code=201, headers=NO_STORE)

    def trainer(request: Request) -> None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            token.strip().encode(), room.token.encode()
        ):
            room.limit.take(client_of(request))  # wrong guesses use up the client's budget
            raise Refused(401, "trainer token missing or wrong")

    async def summary(request: Request) -> Response:
        trainer(request)
        query = parse(SummaryQuery, dict(request.query_params))
        if query.after is not None:
            await room.wait_for_change(query.after, LONG_POLL_SECONDS)
        return Response(room.summary_json(), media_type="application/json", headers=NO_STORE)

    async def reset(request: Request) -> Response:
        trainer(request)
        check_origin(request)
        require_json(request)
        parse(ResetBody, await read_body(request))
        async with room.writing:
            deleted = await anyio.to_thread.run_sync(room.store.delete_all)
            room.forget_all()
        return JSONResponse({"deleted": deleted}, headers=NO_STORE)

    async def export_csv(request: Request) -> Response:
        trainer(request)
        parse(NoQuery, dict(request.query_params))
        text = to_csv(json.loads(room.summary_json()))
        return Response(
            text.encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={**NO_STORE, "Content-Disposition": 'attachment; filename="room.csv"'},
        )

    async def projector(request: Request) -> Response:
        return Response(projector_page(room), media_type="text/html; charset=utf-8")

    qr_svg = join_qr(room.settings.join_url)
    host_tag = host_script_tag(room.course.lang)

    async def join_svg(request: Request) -> Response:
        return Response(qr_svg, media_type="image/svg+xml")

    async def room_file(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ROOM_FILES:
            raise Refused(404, "not found")
        return FileResponse(ASSETS / name, headers={"Cache-Control": "no-cache"})

    async def not_found(request: Request) -> Response:
        # the routes above match by method too: the same path with another method lands here
        methods = {
            r.path: r.methods for r in app.routes if isinstance(r, Route) and "{" not in r.path
        }
        if request.url.path in methods:
            raise Refused(405, f"use {' or '.join(sorted(methods[request.url.path] - {'HEAD'}))}")
        raise Refused(404, "not found")

    async def refused(request: Request, exc: Refused) -> Response:
        headers = dict(NO_STORE)
        if exc.status == 429:
            headers["Retry-After"] = str(max(1, round(1 / room.limit.rate)))
        return JSONResponse({"error": exc.message}, status_code=exc.status, headers=headers)

    async def storage_failed(request: Request, exc: StorageProblem) -> Response:
        print(f"kursbau room: {exc}", file=sys.stderr)
        message = "the room could not store this: try again in a moment"
        return JSONResponse({"error": message}, status_code=503, headers=NO_STORE)

    async def http_error(request: Request, exc: HTTPException) -> Response:
        if not request.url.path.startswith("/_room/"):
            return Response(exc.detail, status_code=exc.status_code, headers=exc.headers)
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        async def purge_regularly():
            while True:
                await asyncio.sleep(PURGE_EVERY_SECONDS)
                with contextlib.suppress(Exception):
                    await room.purge()

        task = asyncio.create_task(purge_regularly())
        try:
            yield
        finally:
            task.cancel()

    app = Starlette(
        routes=[
            Route("/_room/api/share", share, methods=["POST"]),
            Route("/_room/api/summary", summary, methods=["GET"]),
            Route("/_room/api/reset", reset, methods=["POST"]),
            Route("/_room/api/export.csv", export_csv, methods=["GET"]),
            Route("/_room/projector", projector, methods=["GET"]),
            Route("/_room/join.svg", join_svg, methods=["GET"]),
            Route("/_room/{name}", room_file, methods=["GET"]),
            Route("/_room/{rest:path}", not_found),
            Mount("/", app=SiteFiles(directory=str(room.course.site_dir), tag=host_tag)),
        ],
        exception_handlers={
            Refused: refused,
            HTTPException: http_error,
            StorageProblem: storage_failed,
        },
        lifespan=lifespan,
    )
    return Guard(app, room.course.headers, room.settings.names)


NO_STORE = {"Cache-Control": "no-store"}


class SiteFiles(StaticFiles):
    """The built site as built, with one addition to each HTML page: the room's host script
    (`share.js`, before the page's own kursbau.js), which adds the share button to results.
    The files on disk stay untouched, so the same `site/` on any other host has no button and
    requests nothing."""

    def __init__(self, *, directory: str, tag: bytes):
        super().__init__(directory=directory, html=True)
        self.tag = tag
        self._pages: dict[str, tuple[tuple[int, int], bytes, str]] = {}

    def file_response(self, full_path, stat_result, scope, status_code: int = 200) -> Response:
        if not str(full_path).endswith(".html"):
            return super().file_response(full_path, stat_result, scope, status_code)
        page, etag = self._page(str(full_path), stat_result)
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if _etag_matches(scope, etag):
            return Response(status_code=304, headers=headers)
        return Response(page, status_code=status_code, media_type="text/html", headers=headers)

    def _page(self, path: str, stat_result) -> tuple[bytes, str]:
        stamp = (stat_result.st_mtime_ns, stat_result.st_size)
        cached = self._pages.get(path)
        if cached is None or cached[0] != stamp:
            with open(path, "rb") as file:
                page = with_host_script(file.read(), self.tag)
            etag = '"' + hashlib.sha256(page).hexdigest()[:32] + '"'
            cached = self._pages[path] = (stamp, page, etag)
        return cached[1], cached[2]


_HEAD_END = re.compile(rb"</head\s*>", re.I)


def with_host_script(page: bytes, tag: bytes) -> bytes:
    """The page with the host script at the end of its head (a page without a head: at the
    start), so it runs before the kursbau.js that the page links in its content."""
    match = _HEAD_END.search(page)
    at = match.start() if match else 0
    return page[:at] + tag + page[at:]


def _etag_matches(scope, etag: str) -> bool:
    for name, value in scope["headers"]:
        if name == b"if-none-match":
            return etag in [
                t.strip().removeprefix("W/") for t in value.decode("latin-1").split(",")
            ]
    return False


def host_script_tag(lang: str) -> bytes:
    """`<script defer src="/_room/share.js" data-kb-room-ui="…">`: the words of the share button
    travel in an attribute (no inline script, so the site's policy stays as it is)."""
    ui = {k: v for k, v in room_strings(lang).items() if k in SHARE_STRINGS}
    words = escape(json.dumps(ui, ensure_ascii=False, separators=(",", ":")), quote=True)
    return f'<script defer src="/_room/share.js" data-kb-room-ui="{words}"></script>'.encode()


SHARE_STRINGS = {
    "share",
    "shareAgain",
    "shared",
    "shareFailed",
    "shareStale",
    "shareBusy",
    "shareRefused",
    "noRoom",
}


def join_qr(url: str) -> bytes:
    import io

    import segno

    out = io.BytesIO()
    segno.make(url, error="m").save(
        out, kind="svg", scale=8, border=2, xmldecl=False, title=url, dark="#000", light="#fff"
    )
    return out.getvalue()


def projector_page(room: Room) -> str:
    ui = room_strings(room.course.lang)
    url = room.settings.join_url
    ui_json = escape(json.dumps(ui, ensure_ascii=False, separators=(",", ":")), quote=True)
    title = f"{ui['pageTitle']}: {room.course.title}"
    return f"""<!doctype html>
<html lang="{escape(room.course.lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/_room/projector.css">
<script defer src="/_room/projector.js"></script>
</head>
<body class="rp" data-room-ui="{ui_json}">
<header class="rp-head">
<div class="rp-intro"><h1>{escape(title)}</h1>
<p class="rp-join">{escape(ui["join"])}<br><strong class="rp-url">{escape(url)}</strong></p></div>
<img class="rp-qr" src="/_room/join.svg" alt="{escape(ui["qrAlt"].replace("{url}", url))}">
</header>
<main class="rp-main">
<p class="rp-state" data-room-state role="status">{escape(ui["connecting"])}</p>
<nav class="rp-nav" data-room-nav aria-label="{escape(ui["choose"])}" hidden></nav>
<div class="rp-checks" data-room-checks></div>
</main>
<footer class="rp-foot" data-room-tools hidden>
<button type="button" class="rp-btn" data-room-action="csv">{escape(ui["csv"])}</button>
<button type="button" class="rp-btn" data-room-action="reset">{escape(ui["reset"])}</button>
</footer>
</body></html>
"""


class Guard:
    """Outermost layer: unknown host names refused, the site's security headers on every
    response, and no traceback for anything (one line on the terminal instead)."""

    def __init__(self, app, headers: dict[str, str], names: frozenset[str]):
        self.app = app
        self.names = names
        self.extra = [
            (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()
        ]

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # no websockets here
            await send({"type": "websocket.close", "code": 1008})
            return
        started = False

        async def send_with_headers(message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": [*message.get("headers", []), *self.extra]}
            await send(message)

        host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), None)
        if not host_allowed(host, self.names):
            await _json(send_with_headers, 400, "unknown host name: open the room by its address")
            return
        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as err:  # a bug of ours: one line, no traceback, the client gets 500
            print(f"kursbau room: unexpected error ({type(err).__name__}: {err})", file=sys.stderr)
            if not started:
                await _json(send_with_headers, 500, "unexpected error in the room server")


async def _json(send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
