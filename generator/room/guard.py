"""Hostile and broken requests: each is refused before anything is stored.

- **Host**: only an IP address, `localhost` or this computer's own name. A page of another site
  whose name an attacker points at the laptop (DNS rebinding) arrives with its own name: refused.
- **Origin**: a request that changes something (POST) must come from a page of the room itself.
  Browsers always send `Origin` with such requests; another site's page sends its own.
- **Body size**: read in chunks and refused as soon as it passes the limit, whatever
  `Content-Length` claims.
- **Rate**: a token bucket per client address, kept in memory only (addresses are never stored).
"""

from __future__ import annotations

import ipaddress
import socket
import time

from starlette.requests import Request

from .shares import Refused

BODY_LIMIT = 16 * 1024  # a share of a 500-question check is ~12 KB


def host_name(host_header: str) -> str:
    """The name in a Host header, without the port (`[::1]:80` → `::1`)."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def own_names(extra: str | None = None) -> frozenset[str]:
    """The names the room answers to besides IP addresses."""
    names = {"localhost"}
    try:
        name = socket.gethostname().lower()
        names.update({name, f"{name}.local", name.split(".")[0]})
    except OSError:
        pass
    if extra:
        names.add(extra.lower())
    return frozenset(n for n in names if n)


def host_allowed(host_header: str | None, names: frozenset[str]) -> bool:
    if not host_header:
        return False
    name = host_name(host_header)
    if name in names:
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def check_origin(request: Request) -> None:
    """A state-changing request must come from the room's own pages.

    Browsers send `Origin` with a POST; under the site's `Referrer-Policy: no-referrer` some send
    it as `null`, and then `Sec-Fetch-Site` (which no page can set) says whether the request
    came from the same origin."""
    origin = request.headers.get("origin")
    host = request.headers.get("host", "")
    if origin and origin != "null":
        if origin.lower() != f"http://{host.lower()}":
            raise Refused(403, "foreign Origin: only pages of the room may send this")
        return
    if request.headers.get("sec-fetch-site") != "same-origin":
        raise Refused(403, "missing Origin: send this from a page of the room")


async def read_body(request: Request, limit: int = BODY_LIMIT) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise Refused(413, f"body too large (at most {limit} bytes)")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Refused(413, f"body too large (at most {limit} bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


def require_json(request: Request) -> None:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise Refused(415, "send JSON (Content-Type: application/json)")


class RateLimit:
    """At most `burst` requests at once per client, refilled at `rate` per second."""

    def __init__(self, burst: int = 10, rate: float = 0.2, clock=time.monotonic):
        self.burst = burst
        self.rate = rate
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def take(self, client: str) -> None:
        now = self.clock()
        tokens, then = self._buckets.get(client, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - then) * self.rate)
        if tokens < 1:
            wait = (1 - tokens) / self.rate
            self._buckets[client] = (tokens, now)
            raise Refused(429, f"too many requests: try again in {wait:.0f} s")
        self._buckets[client] = (tokens - 1, now)
        if len(self._buckets) > 10_000:
            self._forget_full(now)

    def _forget_full(self, now: float) -> None:
        for key, (tokens, then) in list(self._buckets.items()):
            if tokens + (now - then) * self.rate >= self.burst:
                del self._buckets[key]


def client_of(request: Request) -> str:
    return request.client.host if request.client else "?"
