"""The web site `tui-tutor serve` runs: the tutor's page, one tutor process per tab, downloads.

textual-serve provides the pieces: `AppService` runs one Textual app in a subprocess and
speaks its protocol, `DownloadManager` streams files the app delivers, and its static folder
holds the terminal's JavaScript, CSS and font. This module wires them with what a served
tutor needs on top: a command built per tab (`TabCommand`), a cap on the processes
(`Sessions`), a page that says what the tutor keeps, and nothing fetched from elsewhere.
"""

from __future__ import annotations

import asyncio
import json
import logging
import shlex
import sys
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import jinja2
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from tui_tutor.web.sessions import Sessions

log = logging.getLogger("tui-tutor.serve")
STATIC = Path(str(files("textual_serve") / "static"))
"""textual-serve's terminal: textual.js, xterm.css, the Roboto Mono font."""
TEMPLATES = Path(str(files("tui_tutor.web") / "templates"))
RELOAD_WAIT = 10.0
"""Seconds a new page waits for a slot before it says the tutor is full (a reloaded tab's old
page closes its websocket only as it unloads)."""


@dataclass(frozen=True, slots=True)
class TabCommand:
    """The command line of the tutor behind one browser tab.

    Each tab runs `python -m tui_tutor ARGS --no-progress`: its own session, whose progress
    lives in that process and ends with it (two tabs never share, or overwrite, a progress file).
    In a class (`class_location`), each tab is a student: it asks for the student code the
    instructor minted, and keeps that student's progress under it.
    """

    tutor_args: tuple[str, ...] = ()
    class_location: str | None = None

    def __call__(self, request: web.Request) -> str:
        who = ["--class", self.class_location, "--sign-in"] if self.class_location else ["--no-progress"]
        return shlex.join([sys.executable, "-m", "tui_tutor", *self.tutor_args, *who])


def number(value: str, default: int, low: int = 1, high: int = 1000) -> int:
    """A whole number from a query parameter, `default` when it is not one, kept within [low, high]."""
    try:
        return min(max(int(value), low), high)
    except ValueError:
        return default


class TutorSite:
    """The aiohttp application: `/` the page, `/ws/{ticket}` a tab's tutor, `/download/{key}` its files."""

    def __init__(self, command: TabCommand, max_sessions: int, title: str = "tui-tutor") -> None:
        self.command = command
        self.sessions = Sessions(max_sessions)
        self.title = title
        self.downloads = DownloadManager()
        self.services: set[AppService] = set()
        self.pages = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)

    def application(self) -> web.Application:
        app = web.Application()
        app.add_routes([
            web.get("/", self.index),
            web.get("/ws/{ticket}", self.tab),
            web.get("/download/{key}", self.download),
            web.static("/static", STATIC),
        ])
        app.on_shutdown.append(self.stop_all)
        return app

    def page(self, name: str, status: int = 200, **context: object) -> web.Response:
        html = self.pages.get_template(name).render(title=self.title, limit=self.sessions.limit, **context)
        return web.Response(text=html, content_type="text/html", status=status,
                            headers={"Cache-Control": "no-store"})

    async def index(self, request: web.Request) -> web.Response:
        """The tutor's page with a ticket for its tab, or the page that says every slot is taken."""
        ticket = await self.sessions.reserve_within(RELOAD_WAIT)
        if ticket is None:
            return self.page("full.html", status=503)
        scheme = "wss" if request.secure else "ws"
        return self.page("index.html", websocket_url=f"{scheme}://{request.host}/ws/{ticket}",
                         in_class=self.command.class_location is not None,
                         font_size=number(request.query.get("fontsize", "16"), 16, 8, 64))

    async def tab(self, request: web.Request) -> web.WebSocketResponse:
        """One tab's tutor: started when the page's websocket redeems its ticket, ended when it closes."""
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        if not self.sessions.start(request.match_info["ticket"]):
            await websocket.send_bytes(f"\r\n  tui-tutor is full: {self.sessions.limit} tabs already have a tutor."
                                       "\r\n  Close one of them, then press Restart.\r\n".encode())
            await websocket.close()
            return websocket
        service = AppService(self.command(request), write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                             close=websocket.close, download_manager=self.downloads)
        self.services.add(service)
        try:
            await service.start(number(request.query.get("width", "80"), 80), number(request.query.get("height", "24"), 24))
            await relay(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception:  # a broken tab is logged; the server and the other tabs go on
            log.exception("a tab's tutor failed")
        finally:
            self.sessions.end()  # the tab is gone: its slot is free while its tutor quits
            await service.stop()
            self.services.discard(service)
        return websocket

    async def download(self, request: web.Request) -> web.StreamResponse:
        """A file the tab's tutor delivers (code exported with e), streamed from its process."""
        key = request.match_info["key"]
        try:
            meta = await self.downloads.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text="This download has expired: export it again.") from None
        response = web.StreamResponse()
        response.content_type = meta.mime_type
        if meta.encoding:
            response.charset = meta.encoding
        disposition = "inline" if meta.open_method == "browser" else "attachment"
        response.headers["Content-Disposition"] = f'{disposition}; filename="{meta.file_name}"'
        await response.prepare(request)
        async for chunk in self.downloads.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    async def stop_all(self, app: web.Application) -> None:
        """On shutdown: ask every tab's tutor to quit."""
        await asyncio.gather(*(service.stop() for service in list(self.services)), return_exceptions=True)


async def relay(websocket: web.WebSocketResponse, service: AppService) -> None:
    """Pass the browser's keys, size, focus and pings to the tutor until the tab closes."""
    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            kind, data = json.loads(message.data)[:2]
        except (ValueError, TypeError):
            continue  # not a message of textual.js: ignored
        if kind == "stdin" and isinstance(data, str):
            await service.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            await service.set_terminal_size(number(str(data.get("width")), 80), number(str(data.get("height")), 24))
        elif kind == "ping":
            await websocket.send_json(["pong", data])
        elif kind == "blur":
            await service.blur()
        elif kind == "focus":
            await service.focus()


def serve(site: TutorSite, host: str, port: int) -> None:
    """Run the site until Ctrl+C (or SIGTERM); every tab's tutor is asked to quit on the way out."""
    logging.basicConfig(level=logging.WARNING, format="tui-tutor serve: %(message)s")
    web.run_app(site.application(), host=host, port=port, print=None, access_log=None)
