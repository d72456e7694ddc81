"""`sitrep gazetteer download`: GeoNames' per-country dump, fetched only from hosts sitrep trusts.

Only https URLs of the allow-listed hosts are fetched, plus one mirror the user names explicitly
(`allow_url`: https, or plain http on this machine's loopback). Redirects must stay on the same host and
scheme; `file:`, `data:` and `ftp:` URLs are never opened. Every file is read in chunks up to a size cap,
written beside its target and moved into place only when complete (and, with `sha256`, only when its
checksum matches: GeoNames publishes none for its dumps).
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from ..errors import GazetteerError
from .index import ProgressHook
from .loaders import load_file

GEONAMES_DUMP_URL = "https://download.geonames.org/export/dump/"
ALLOWED_HOSTS = frozenset({"download.geonames.org"})
MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024  # allCountries.zip is ~400 MB; a country dump a few MB
CHUNK = 1024 * 1024
TIMEOUT_S = 120


def download(
    home: Path | None,
    country: str,
    *,
    folder: Path,
    allow_url: str | None = None,
    sha256: str | None = None,
    max_bytes: int | None = None,
    feature_classes: set[str] | None = None,
    progress: ProgressHook | None = None,
) -> int:
    """Fetch the dump CC.zip (and the admin code files beside it) into folder, then load it. Each file is
    capped at max_bytes (default MAX_DOWNLOAD_BYTES) and replaces an earlier download only when whole."""
    max_bytes = MAX_DOWNLOAD_BYTES if max_bytes is None else max_bytes
    country = country.upper()
    if len(country) != 2 or not country.isalpha():
        raise GazetteerError(f"{country!r} is not an ISO 3166 two-letter country code (e.g. SY)")
    base = _checked_base(allow_url) if allow_url else GEONAMES_DUMP_URL
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GazetteerError(f"cannot create the download folder {folder}: {exc}") from None
    fetch(base + f"{country}.zip", folder / f"{country}.zip", base=base, max_bytes=max_bytes, sha256=sha256)
    for name in ("admin1CodesASCII.txt", "admin2Codes.txt"):
        try:
            fetch(base + name, folder / name, base=base, max_bytes=max_bytes)
        except GazetteerError:
            pass  # optional: admin1 names then come from sitrep's own tables (resources/admin)
    return load_file(home, folder / f"{country}.zip", feature_classes=feature_classes, progress=progress)


def _checked_base(url: str) -> str:
    """A mirror's base URL: https anywhere, http only on the loopback; never file:, data: or others."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise GazetteerError(f"--allow-url {url!r}: only https:// mirror URLs are allowed, not {parts.scheme}:")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise GazetteerError(f"--allow-url {url!r}: plain http is allowed only on this machine (127.0.0.1, ::1)")
    return url if url.endswith("/") else url + "/"


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _allowed(url: str, base: str) -> bool:
    """A URL under the trusted base (a mirror's, or the allow-listed https hosts)."""
    parts, trusted = urllib.parse.urlsplit(url), urllib.parse.urlsplit(base)
    if (parts.scheme, parts.netloc) == (trusted.scheme, trusted.netloc):
        return True
    return parts.scheme == "https" and parts.hostname in ALLOWED_HOSTS and base == GEONAMES_DUMP_URL


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, base: str) -> None:
        self.base = base

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not _allowed(newurl, self.base):
            raise GazetteerError(
                f"{req.full_url}: refused a redirect to another host or scheme; it redirects to {newurl}, "
                "which sitrep does not download from"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(base: str) -> urllib.request.OpenerDirector:
    """An opener that speaks http(s) only: no file:, data: or ftp: handlers at all."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        _SameHostRedirects(base),
    ):
        opener.add_handler(handler)
    return opener


def fetch(url: str, target: Path, *, base: str, max_bytes: int, sha256: str | None = None) -> None:
    """Download url to target, at most max_bytes, atomically; a GazetteerError names the URL on failure."""
    if not _allowed(url, base):
        raise GazetteerError(f"{url}: not an allowed download (https from {', '.join(sorted(ALLOWED_HOSTS))})")
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    digest = hashlib.sha256()
    try:
        with _opener(base).open(url, timeout=TIMEOUT_S) as response, partial.open("wb") as out:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise GazetteerError(f"{url}: {int(declared):,} bytes is over the {max_bytes:,}-byte limit")
            size = 0
            while chunk := response.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise GazetteerError(f"{url}: more than the {max_bytes:,}-byte limit; stopped reading")
                digest.update(chunk)
                out.write(chunk)
        if sha256 and digest.hexdigest() != sha256.lower():
            raise GazetteerError(f"{url}: checksum mismatch (sha256 {digest.hexdigest()}, expected {sha256})")
        os.replace(partial, target)
    except (OSError, ValueError, urllib.error.URLError) as exc:
        raise GazetteerError(f"cannot download {url}: {getattr(exc, 'reason', exc)}") from None
    finally:
        partial.unlink(missing_ok=True)
