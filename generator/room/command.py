"""`kursbau room [--port N] [--host ADDR] [--db PATH]`: the course and the group picture, served
from the trainer's laptop for a workshop."""

from __future__ import annotations

import argparse
import contextlib
import errno
import ipaddress
import socket
import sys
import threading
from pathlib import Path

from ..core.outputs import shown_path

DEFAULT_PORT = 8080
DEFAULT_DB = Path(".kursbau") / "room.sqlite"


def add_arguments(p) -> None:
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this computer only; 0.0.0.0: the network)",
    )
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"default: {DEFAULT_PORT}")
    p.add_argument("--db", type=Path, help=f"the room's database (default: {DEFAULT_DB})")
    p.add_argument(
        "--site",
        type=Path,
        help="serve this built site as it is instead of building the course into site/",
    )
    p.add_argument(
        "--keep-hours",
        type=float,
        help="delete shares older than this (default: at the end of the day)",
    )
    p.add_argument("--stop-after", type=float, help=argparse.SUPPRESS)  # for tests


def run(args, fail, report) -> int:
    """The command; `fail(message, code)` and `report(problems)` print like the rest of the CLI."""
    try:
        import segno  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn
    except ImportError as err:
        return fail(f"the room needs the 'room' extra: pip install 'kursbau[room]' ({err})", 2)
    from .app import Room, RoomSettings, create_app
    from .course import SiteProblem, load_site
    from .guard import own_names
    from .storage import StorageProblem, Store

    if args.port < 0 or args.port > 65535:
        return fail(f"--port {args.port}: use a port between 1 and 65535", 2)
    if args.keep_hours is not None and not args.keep_hours > 0:
        return fail("--keep-hours: give a number of hours above 0", 2)
    if args.site:
        site_dir, root = args.site, Path.cwd()
    else:
        if not args.config_file.is_file():
            return fail(
                f"{args.config_file} not found: run this in a course folder, or serve a built"
                " site with --site DIR",
                2,
            )
        from ..mkdocs_adapter import build as engine

        try:
            summary = engine.build(args.config_file)
        except engine.BuildFailed as err:
            if err.problems:
                return report(err.problems)
            return fail(f"build failed, site/ left as it was: {err}")
        site_dir, root = summary.site_dir, args.config_file.resolve().parent
        print(f"{summary.said()}.")
    try:
        course = load_site(site_dir)
    except SiteProblem as err:
        return fail(str(err))
    db_path = args.db or root / DEFAULT_DB
    try:
        store = Store(db_path)
    except StorageProblem as err:
        return fail(f"{err}; choose another file with --db PATH")
    try:
        sock = _bind(args.host, args.port)
    except OSError as err:
        store.close()
        if isinstance(err, socket.gaierror) or err.errno == errno.EADDRNOTAVAIL:
            return fail(
                f"--host {args.host}: not an address of this computer ({err.strerror or err});"
                " use 0.0.0.0 for every network, or 127.0.0.1 for this computer only",
                2,
            )
        return fail(
            f"cannot listen on {args.host}:{args.port} ({err.strerror or err}):"
            " choose another port with --port N",
        )
    port = sock.getsockname()[1]
    join = participant_urls(args.host, port)
    settings = RoomSettings(
        join_url=join[0],
        names=own_names(None if _is_ip(args.host) else args.host),
        keep_hours=args.keep_hours,
    )
    room = Room(course, store, settings)
    _announce(args.host, port, join, room, db_path)
    config = uvicorn.Config(
        create_app(room),
        log_level="warning",
        access_log=False,  # addresses of participants are never written anywhere
        timeout_graceful_shutdown=1,
        h11_max_incomplete_event_size=16 * 1024,
        lifespan="on",
    )
    server = uvicorn.Server(config)
    if args.stop_after:  # tests: the server ends by itself even if nobody stops it
        timer = threading.Timer(args.stop_after, lambda: setattr(server, "should_exit", True))
        timer.daemon = True
        timer.start()
    try:
        server.run(sockets=[sock])
    finally:
        store.close()
    return 0


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(512)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def participant_urls(host: str, port: int) -> list[str]:
    """Where participants open the course: with a wildcard address, this computer's addresses
    in the local network (the first one goes into the QR code)."""
    if host in ("0.0.0.0", "::", ""):
        found = [ip for ip in local_addresses() if not ipaddress.ip_address(ip).is_loopback]
        return [_url(ip, port) for ip in found] or [_url("127.0.0.1", port)]
    return [_url(host, port)]


def local_addresses() -> list[str]:
    """This computer's IPv4 addresses. The UDP "connect" sends nothing: it only asks the
    system which address it would use for a private network."""
    found: list[str] = []
    for probe in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            try:
                s.connect((probe, 9))
                ip = s.getsockname()[0]
            except OSError:
                continue
            if ip not in found and ip != "0.0.0.0":
                found.append(ip)
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            ip = str(info[4][0])
            if ip not in found:
                found.append(ip)
    except OSError:
        pass
    return found


def _announce(host: str, port: int, join: list[str], room, db_path: Path) -> None:
    import segno

    local = host in ("127.0.0.1", "localhost", "::1")
    trainer_host = "127.0.0.1" if host in ("0.0.0.0", "", "127.0.0.1", "localhost") else host
    projector = f"{_url(trainer_host, port)}_room/projector#t={room.token}"
    print()
    print(f"The room is open: {len(room.course.checks)} checks can be shared.")
    if local:
        print(
            f"Listening on {host} only: just this computer can open it. For the group, run"
            f" 'kursbau room --host 0.0.0.0' and check with a phone on the same Wi-Fi."
        )
    else:
        print(
            f"Listening on {host}: every device in this network can open it"
            " (hotel networks often keep guests apart: test with a phone first)."
        )
    print("\nParticipants open (or scan):")
    for url in join:
        print(f"  {url}")
    # a terminal without block characters: the address above is enough
    with contextlib.suppress(UnicodeEncodeError, OSError):
        segno.make(join[0], error="m").terminal(out=sys.stdout, compact=True)
    print("\nProjector view (trainer only, keep the token to yourself):")
    print(f"  {projector}")
    print(f"\nShares are kept in {shown_path(db_path)} ", end="")
    keep = room.settings.keep_hours
    print(f"for {keep:g} hours." if keep else "until the end of the day.")
    print("Stop with Ctrl+C.", flush=True)
