"""HTTP GET over urllib3 with the address guard on every hop, a size cap while reading and a deadline."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import HTTPError

from .. import __version__
from .guard import AddressPolicy, FetchError, TransientFetchError

USER_AGENT = f"sitrep/{__version__} (conflict-event coding; honours robots.txt)"
REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5
CHUNK = 64 * 1024


class TooLarge(FetchError):
    """The response is over the size cap."""


@dataclass(frozen=True, slots=True)
class Response:
    url: str  # after redirects
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes
    fetched_at: datetime  # when the last byte arrived (UTC)


@dataclass(frozen=True, slots=True)
class FetchLimits:
    max_bytes: int = 5 * 2**20
    timeout: float = 20.0  # seconds for the whole response, redirects included
    user_agent: str = USER_AGENT


class Fetcher:
    """GET requests that never reach an address the policy refuses, never read past the size cap."""

    def __init__(self, policy: AddressPolicy, limits: FetchLimits | None = None) -> None:
        self.policy = policy
        self.limits = limits or FetchLimits()

    def get(self, url: str, headers: dict[str, str] | None = None, max_bytes: int | None = None) -> Response:
        deadline = time.monotonic() + self.limits.timeout
        for _hop in range(MAX_REDIRECTS + 1):
            response = self._get_once(url, headers or {}, max_bytes or self.limits.max_bytes, deadline)
            location = response.headers.get("location")
            if response.status not in REDIRECTS or not location:
                return response
            url = urljoin(url, location)
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")

    def _get_once(self, url: str, headers: dict[str, str], max_bytes: int, deadline: float) -> Response:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"{url}: only http and https URLs are fetched")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = self.policy.addresses_for(parts.hostname, port)
        host_header = parts.netloc.rsplit("@", 1)[-1]
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request_headers = {"User-Agent": self.limits.user_agent, "Accept-Encoding": "gzip, deflate"}
        request_headers.update(headers)
        request_headers["Host"] = host_header
        last_error: Exception | None = None
        for address in addresses:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            pool = _pool(parts.scheme, address, port, parts.hostname, remaining)
            try:
                raw = pool.urlopen(
                    "GET", target, headers=request_headers, redirect=False, retries=False, preload_content=False
                )
            except HTTPError as exc:
                last_error = exc
                continue
            try:
                body = (
                    b"" if raw.status in REDIRECTS or raw.status == 304 else _read_capped(raw, url, max_bytes, deadline)
                )
            except HTTPError as exc:
                raise TransientFetchError(f"{url}: the response broke off ({exc})") from None
            finally:
                raw.release_conn()
                pool.close()
            headers_out = {name.lower(): value for name, value in raw.headers.items()}
            return Response(url, raw.status, headers_out, body, datetime.now(UTC))
        raise TransientFetchError(f"{url}: cannot connect ({last_error or 'timed out'})")


def _pool(scheme: str, address: str, port: int, hostname: str, timeout: float) -> urllib3.HTTPConnectionPool:
    """A connection pool to the checked address itself; TLS still verifies the certificate of the name."""
    limit = urllib3.Timeout(connect=min(timeout, 10.0), read=timeout)
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=limit,
            maxsize=1,
            retries=False,
            server_hostname=hostname,
            assert_hostname=hostname,
            cert_reqs="CERT_REQUIRED",
        )
    return urllib3.HTTPConnectionPool(address, port, timeout=limit, maxsize=1, retries=False)


def _read_capped(raw, url: str, max_bytes: int, deadline: float) -> bytes:
    declared = raw.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(f"{url}: {int(declared):,} bytes, over the {max_bytes:,}-byte cap")
    chunks: list[bytes] = []
    total = 0
    for chunk in raw.stream(CHUNK, decode_content=True):
        total += len(chunk)
        if total > max_bytes:
            raise TooLarge(f"{url}: over the {max_bytes:,}-byte cap (stopped reading)")
        if time.monotonic() > deadline:
            raise TransientFetchError(f"{url}: too slow, gave up")
        chunks.append(chunk)
    return b"".join(chunks)
