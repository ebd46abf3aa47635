"""The exceptions the kernel raises.

Every error a user can cause is a :class:`RunnerupError`: the CLI prints its
message as one line on stderr and exits with status 1, and nothing has been
written to the log.
"""

from __future__ import annotations


class RunnerupError(Exception):
    """A domain error with a message fit for the user."""


class ConcurrencyError(RunnerupError):
    """Another writer got there first: the expected stream version did not match."""


class EventValidationError(RunnerupError):
    """An event payload does not match its registered schema."""


class UnknownEventType(RunnerupError):
    """No installed plugin registered an event type of that name."""


class RegistrationError(RunnerupError):
    """A plugin contributed something that clashes with another plugin's."""


class StoreError(RunnerupError):
    """The store cannot be opened or used (bad URL, unreadable file, no server)."""
