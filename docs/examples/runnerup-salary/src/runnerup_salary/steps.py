"""From what a user typed (or dropped into a watched folder) to a valid event.

The command line and the watch rule share these functions, so a step is
checked the same way whichever way it arrives, and always *before* anything
is recorded: a refused step leaves the log as it was.
"""

from __future__ import annotations

import re
import unicodedata

from runnerup import RunnerupError

from .events import SalaryAgreed, SalaryCountered, SalaryOffered
from .projection import Negotiations

DEFAULT_CURRENCY = "EUR"
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)(k?)")
_CURRENCY = re.compile(r"[A-Z]{3}")


def negotiation_id(company: str) -> str:
    """``"Acme Corp."`` → ``"acme-corp"``: readable, stable, and typeable back."""
    folded = unicodedata.normalize("NFKD", company).encode("ascii", "ignore").decode()
    slug = "-".join(re.findall(r"[a-z0-9]+", folded.lower()))
    if not slug:
        raise RunnerupError(f"cannot make an id from the company name {company!r}")
    return slug


def parse_amount(text: str) -> int:
    """``"85000"``, ``"85,000"``, ``"85_000"``, ``"85k"`` or ``"92.5k"`` → whole units.

    :raises ValueError: for anything else, or an amount that is not positive.
    """
    cleaned = text.strip().lower().replace(",", "").replace("_", "").replace(" ", "")
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        raise ValueError(f"not an amount: {text!r} (write 85000, 85,000 or 85k)")
    value = float(match.group(1)) * (1000 if match.group(2) else 1)
    if value != int(value) or value <= 0:
        raise ValueError(f"not a positive whole amount: {text!r}")
    return int(value)


def money(amount: int, currency: str) -> str:
    return f"{amount:,} {currency}"


def offered(
    state: Negotiations,
    company: str,
    amount: int,
    *,
    currency: str | None,
    default_currency: str,
    role: str | None = None,
    note: str | None = None,
) -> SalaryOffered:
    """A first or revised offer; the currency is fixed by the first one."""
    key = negotiation_id(company)
    current = state.items.get(key)
    if current is not None and current.agreed is not None:
        raise RunnerupError(
            f"the negotiation with {current.company} is closed: you agreed on"
            f" {money(current.agreed, current.currency)}"
        )
    wanted = (currency or (current.currency if current else default_currency)).upper()
    if not _CURRENCY.fullmatch(wanted):
        raise RunnerupError(f"currency must be a three-letter code like EUR, not {wanted!r}")
    if current is not None and wanted != current.currency:
        raise RunnerupError(
            f"the negotiation with {current.company} is in {current.currency}, not {wanted}"
        )
    return SalaryOffered(
        negotiation=key,
        company=current.company if current else company.strip(),
        amount=amount,
        currency=wanted,
        role=role,
        note=note,
    )


def answered(
    state: Negotiations, ref: str, kind: str, amount: int | None, note: str | None = None
) -> SalaryCountered | SalaryAgreed:
    """A counter-offer (``kind="countered"``) or the agreement (``kind="agreed"``).

    An agreement without an amount accepts the latest offer.
    """
    item = state.resolve(ref)
    if item.agreed is not None:
        raise RunnerupError(
            f"the negotiation with {item.company} is closed: you agreed on"
            f" {money(item.agreed, item.currency)}"
        )
    if kind == "countered":
        if amount is None:
            raise RunnerupError("a counter-offer needs an amount")
        return SalaryCountered(negotiation=item.id, amount=amount, note=note)
    if kind == "agreed":
        offer = item.latest("offered")
        agreed = amount if amount is not None else offer.amount if offer else None
        if agreed is None:
            raise RunnerupError(f"no offer from {item.company} to accept: give the amount")
        return SalaryAgreed(negotiation=item.id, amount=agreed, note=note)
    raise RunnerupError(f"unknown step {kind!r}: use offered, countered or agreed")
