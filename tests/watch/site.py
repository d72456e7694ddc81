"""A small web site on loopback for the watch tests: feeds, article pages, robots.txt and redirects,
with every request recorded (path, headers, time)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    length_header: bool = True  # False: no Content-Length, the body ends when the connection closes


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    at: float


class Site:
    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.requests: list[Request] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the http.server hook's name)
                site.requests.append(
                    Request(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
                )
                page = site.pages.get(self.path) or Page(b"not here", "text/plain", 404)
                etag = page.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                for name, value in page.headers.items():
                    self.send_header(name, value)
                if page.length_header:
                    self.send_header("Content-Length", str(len(page.body)))
                else:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                try:
                    self.wfile.write(page.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading (the size cap)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def requested(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def rss(title: str, items: list[dict]) -> bytes:
    """An RSS 2.0 feed of items {guid, link, title, published (datetime), description}."""
    parts = [f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{title}</title>"]
    for item in items:
        parts.append(
            f"<item><guid>{item['guid']}</guid><link>{item['link']}</link><title>{item['title']}</title>"
            f"<pubDate>{format_datetime(item['published'])}</pubDate>"
            f"<description>{item.get('description', '')}</description></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def article(headline: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{headline}</title></head><body><nav>Home | World | Sport</nav>"
        f"<article><h1>{headline}</h1>{body}</article><footer>Contact us</footer></body></html>"
    ).encode()
