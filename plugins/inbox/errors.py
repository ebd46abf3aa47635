"""The one error type the inbox parsers raise.

Kept in its own module so that ``email_parse``, ``invites`` and ``notes`` share
it without importing each other; a watcher quarantines a file on exactly this
exception and lets anything else surface as a bug.
"""

from __future__ import annotations


class InboxParseError(ValueError):
    """A dropped file is not what its extension claims; the message is one line."""
