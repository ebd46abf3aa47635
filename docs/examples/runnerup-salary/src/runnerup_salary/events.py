"""The facts of a salary negotiation: an offer, a counter-offer, an agreement.

Every event of one negotiation lives in the stream ``salary/<negotiation>``,
where the negotiation id is a slug of the company (``acme-corp``). Amounts
are whole units of ``currency`` per year: integers keep float rounding out of
the log. Once released, a field is never renamed and its type never changes;
a new field gets a default, so old events still decode.
"""

from __future__ import annotations

from runnerup import Event

STREAM = "salary/{negotiation}"


class SalaryOffered(Event, tag="salary.offered"):
    """The employer offered a salary: the first offer, or a revised one."""

    __stream__ = STREAM

    negotiation: str
    company: str
    amount: int
    currency: str
    role: str | None = None
    note: str | None = None


class SalaryCountered(Event, tag="salary.countered"):
    """You answered the employer's offer with a counter-proposal."""

    __stream__ = STREAM

    negotiation: str
    amount: int
    note: str | None = None


class SalaryAgreed(Event, tag="salary.agreed"):
    """You and the employer agreed on a salary; the negotiation is over."""

    __stream__ = STREAM

    negotiation: str
    amount: int
    note: str | None = None


ALL = (SalaryOffered, SalaryCountered, SalaryAgreed)
#: Any step of a negotiation (also usable with ``isinstance``).
SalaryEvent = SalaryOffered | SalaryCountered | SalaryAgreed
