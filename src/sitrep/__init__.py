"""sitrep: turn war reporting into a checkable conflict-event dataset."""

import logging

from .model import Claim, Document, Event, Place, Toponym
from .pipeline import extract_events

__version__ = "0.1.0"
__all__ = ["Claim", "Document", "Event", "Place", "Toponym", "extract_events", "__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
