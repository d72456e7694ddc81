"""sitrep: turn war reporting into a checkable conflict-event dataset."""

import logging
from typing import TYPE_CHECKING

from .model import Claim, Document, Event, Place, Toponym
from .pipeline import extract_events
from .profiles import PublisherProfile, publisher_profile

if TYPE_CHECKING:
    from .frames import events_frame

__version__ = "0.1.0"
__all__ = [
    "Claim",
    "Document",
    "Event",
    "Place",
    "PublisherProfile",
    "Toponym",
    "events_frame",
    "extract_events",
    "publisher_profile",
    "__version__",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str):
    if name == "events_frame":  # imported on first use: the exporters' modules come with it
        from .frames import events_frame

        return events_frame
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
