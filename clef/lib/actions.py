"""The action log: every change to money, tickets, people or the programme is told here
under a dotted name (``programme.screening.duplicated``), with who did it and what.

It writes to the ``clef.actions`` logger; the treasurer's journal (a later capability)
keeps its own chained records for money."""

import logging

logger = logging.getLogger("clef.actions")


def log_action(name, *, by=None, **data):
    who = getattr(by, "username", None) or "system"
    details = " ".join(f"{key}={value}" for key, value in sorted(data.items()))
    logger.info("%s by=%s %s", name, who, details)
