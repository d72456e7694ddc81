"""`gazetteer download`: GeoNames' per-country dump, fetched over https from GeoNames only (or from a mirror
the user names), with a size cap, and loaded into the index.

GeoNames publishes no checksums for its dump files, so none can be verified; the https host check and
the size cap are what stands between a hostile network and the index (the zip is then read as any other
gazetteer file).
"""

from __future__ import annotations

import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from ..errors import GazetteerError
from .gazetteer import ProgressHook
from .loaders import load_file

GEONAMES_DUMP_URL = "https://download.geonames.org/export/dump/"
ALLOWED_HOSTS = frozenset({"download.geonames.org"})
MAX_DOWNLOAD_BYTES = 512 * 2**20  # the largest country dump is well under 100 MB
CHUNK = 2**20
FILES = ("{country}.zip", "admin1CodesASCII.txt", "admin2Codes.txt")


def download(
    home: Path | None,
    country: str,
    *,
    base_url: str = GEONAMES_DUMP_URL,
    allow_url: bool = False,
    folder: Path,
    feature_classes: set[str] | None = None,
    progress: ProgressHook | None = None,
) -> int:
    """Fetch GeoNames' dump CC.zip (and the admin code files) into folder, then load it.

    Only https URLs on ALLOWED_HOSTS are fetched, redirects included; `allow_url` trusts `base_url` (a
    mirror, http or https) and redirects that stay on its host. Each file is capped at MAX_DOWNLOAD_BYTES
    and replaces an earlier download only once it has arrived whole.
    """
    country = country.upper()
    if len(country) != 2 or not country.isalpha():
        raise GazetteerError(f"{country!r} is not an ISO 3166 two-letter country code (e.g. SY)")
    base = base_url if base_url.endswith("/") else base_url + "/"
    allowed = _policy(base, allow_url)
    folder.mkdir(parents=True, exist_ok=True)
    opener = urllib.request.build_opener(_CheckedRedirects(allowed))
    for name in (pattern.format(country=country) for pattern in FILES):
        try:
            _fetch(opener, base + name, folder / name, allowed)
        except GazetteerError:
            raise
        except (OSError, ValueError) as exc:
            if name.endswith(".zip"):
                raise GazetteerError(f"cannot download {base + name}: {exc}") from None
    return load_file(home, folder / f"{country}.zip", feature_classes=feature_classes, progress=progress)


def _policy(base: str, allow_url: bool) -> tuple[str, ...]:
    """The (scheme, host) pairs downloads and their redirects may use; a refused base URL is an error."""
    url = urllib.parse.urlsplit(base)
    if url.scheme not in ("https", "http") or not url.hostname:
        raise GazetteerError(
            f"--base-url {base}: sitrep downloads over https (or http from a mirror), not {url.scheme}:"
        )
    if allow_url:
        return (url.scheme, url.hostname)
    if url.scheme != "https" or url.hostname not in ALLOWED_HOSTS:
        raise GazetteerError(
            f"--base-url {base}: sitrep downloads only over https from {', '.join(sorted(ALLOWED_HOSTS))}; "
            "add --allow-url to trust this mirror"
        )
    return ("https", *sorted(ALLOWED_HOSTS))


def _allowed(url: str, allowed: tuple[str, ...]) -> bool:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme == allowed[0] and parts.hostname in allowed[1:]


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, allowed: tuple[str, ...]):
        self.allowed = allowed

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not _allowed(newurl, self.allowed):
            raise GazetteerError(f"{req.full_url} redirects to {newurl}, which sitrep does not download from")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _fetch(opener: urllib.request.OpenerDirector, url: str, target: Path, allowed: tuple[str, ...]) -> None:
    """url → target, through a temporary file beside it, refused beyond MAX_DOWNLOAD_BYTES."""
    if not _allowed(url, allowed):
        raise GazetteerError(f"{url}: sitrep does not download from there")
    descriptor, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    try:
        with os.fdopen(descriptor, "wb") as out, opener.open(url, timeout=120) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > MAX_DOWNLOAD_BYTES:
                raise _too_large(url)
            size = 0
            while chunk := response.read(CHUNK):
                size += len(chunk)
                if size > MAX_DOWNLOAD_BYTES:
                    raise _too_large(url)
                out.write(chunk)
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.remove(partial)


def _too_large(url: str) -> GazetteerError:
    return GazetteerError(f"{url} is larger than {MAX_DOWNLOAD_BYTES // 2**20} MiB; not downloaded")
