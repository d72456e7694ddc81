"""A coder for fault tests: the rule-based coder, except on documents that carry a fault word.

Registered on the workers by the tests; "FAULTWORD-RAISE" makes coding raise, "FAULTWORD-EXIT" ends the
worker process at once, as a crash in a C extension would.
"""

from __future__ import annotations

import os

from sitrep.extract.coder import RuleBasedCoder


class FaultyCoder:
    def __init__(self, options) -> None:
        self.inner = RuleBasedCoder(options)

    def code(self, document, toponyms):
        if "FAULTWORD-RAISE" in document.text:
            raise ValueError("the coder tripped on this text")
        if "FAULTWORD-EXIT" in document.text:
            os._exit(3)
        return self.inner.code(document, toponyms)


def register_faulty_coder() -> None:
    from sitrep import registry

    registry.register("sitrep.coders", "faulty", FaultyCoder)


def faulty_coder_plugin():
    """A worker plugin registering the faulty coder on every worker, those restarted after a crash too."""
    from distributed import WorkerPlugin

    class FaultyCoderPlugin(WorkerPlugin):
        def setup(self, worker) -> None:
            register_faulty_coder()

    return FaultyCoderPlugin()
