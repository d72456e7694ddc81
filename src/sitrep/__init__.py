"""sitrep: turn war reporting into a checkable conflict-event dataset."""

import logging

from .frames import events_frame
from .model import Claim, Document, Event, Place, Toponym
from .pipeline import extract_events
from .profiles import PublisherProfile, publisher_profile

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
