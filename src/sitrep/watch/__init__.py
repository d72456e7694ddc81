"""Live feeds: `sitrep watch` polls RSS/Atom feeds and ingests each new article's page.

Conditional GETs (ETag, Last-Modified), robots.txt and a pause per host; only public addresses
(checked after resolution, on every redirect); responses capped in size while they are read."""

from .feeds import feed_urls
from .fetch import Fetcher, FetchLimits
from .guard import AddressPolicy, AddressRefused, FetchError
from .manners import HostPacer
from .watcher import StoredEntry, Watcher

__all__ = [
    "AddressPolicy",
    "AddressRefused",
    "FetchError",
    "FetchLimits",
    "Fetcher",
    "HostPacer",
    "StoredEntry",
    "Watcher",
    "feed_urls",
]
