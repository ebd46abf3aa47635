"""``runnerup salary offer | counter | agree | show``: the negotiation log.

Each command validates everything first, then records one event; the
reactors (this plugin's and everyone else's) run right after, inside
``kernel.record``. A refused step raises :class:`runnerup.RunnerupError`:
the user sees ``Error: …`` on stderr, the exit status is 1 and the log is
unchanged.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import click
import runnerup
from runnerup import RunnerupError

from . import steps
from .projection import NAME, Negotiation

if TYPE_CHECKING:
    from runnerup import Kernel

    from .events import SalaryEvent


class Amount(click.ParamType):
    """85000, 85,000 or 85k; a bad amount is a usage error (exit status 2)."""

    name = "amount"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        try:
            return steps.parse_amount(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


AMOUNT = Amount()
on_option = click.option("--on", "on", metavar="DATE", help="When it happened (default: now).")
note_option = click.option("--note", help="Anything worth remembering (kept in the log).")


@click.group()
def salary() -> None:
    """Log a salary negotiation: offers, counter-offers, the agreement."""


@salary.command()
@click.argument("company")
@click.argument("amount", type=AMOUNT)
@click.option("--role", help="The role the offer is for.")
@click.option("--currency", help="Three-letter code (default: [salary] currency, else EUR).")
@on_option
@note_option
def offer(
    company: str,
    amount: int,
    role: str | None,
    currency: str | None,
    on: str | None,
    note: str | None,
) -> None:
    """Log an offer of AMOUNT a year from COMPANY (the first one, or a revised one)."""
    kernel = runnerup.get_kernel()
    default = kernel.settings.section("salary").get("currency", steps.DEFAULT_CURRENCY)
    event = steps.offered(
        kernel.view(NAME),
        company,
        amount,
        currency=currency,
        default_currency=str(default),
        role=role,
        note=note,
    )
    _record(kernel, event, on)


@salary.command()
@click.argument("negotiation")
@click.argument("amount", type=AMOUNT)
@on_option
@note_option
def counter(negotiation: str, amount: int, on: str | None, note: str | None) -> None:
    """Log your counter-offer of AMOUNT in NEGOTIATION (its id or the company)."""
    kernel = runnerup.get_kernel()
    _record(kernel, steps.answered(kernel.view(NAME), negotiation, "countered", amount, note), on)


@salary.command()
@click.argument("negotiation")
@click.argument("amount", type=AMOUNT, required=False)
@on_option
@note_option
def agree(negotiation: str, amount: int | None, on: str | None, note: str | None) -> None:
    """Log the agreed salary in NEGOTIATION (default: the latest offer); this closes it."""
    kernel = runnerup.get_kernel()
    _record(kernel, steps.answered(kernel.view(NAME), negotiation, "agreed", amount, note), on)


@salary.command()
@click.argument("negotiation", required=False)
def show(negotiation: str | None) -> None:
    """List the negotiations, or the history of NEGOTIATION."""
    kernel = runnerup.get_kernel()
    state = kernel.view(NAME)
    if negotiation is None:
        rows = [_summary(item) for item in sorted(state.items.values(), key=lambda n: n.id)]
        runnerup.emit_table(
            rows,
            ["negotiation", "company", "role", "status", "offer", "counter", "agreed"],
            empty="no salary negotiations yet (runnerup salary offer COMPANY AMOUNT)",
        )
        return
    item = state.resolve(negotiation)
    rows = [
        {
            "on": step.at.astimezone(kernel.now().tzinfo).date().isoformat(),
            "step": step.kind,
            "amount": steps.money(step.amount, item.currency),
            "note": step.note,
        }
        for step in item.steps
    ]
    if runnerup.get_app().json:
        runnerup.emit({**_summary(item), "steps": rows})
        return
    click.echo(f"{item.company}{f' ({item.role})' if item.role else ''}: {item.status}")
    runnerup.emit_table(rows, ["on", "step", "amount", "note"])


def _summary(item: Negotiation) -> dict[str, Any]:
    def amount(kind: str) -> str | None:
        step = item.latest(kind)
        return steps.money(step.amount, item.currency) if step else None

    return {
        "negotiation": item.id,
        "company": item.company,
        "role": item.role,
        "status": item.status,
        "offer": amount("offered"),
        "counter": amount("countered"),
        "agreed": amount("agreed"),
    }


def _record(kernel: Kernel, event: SalaryEvent, on: str | None) -> None:
    when = _when(kernel, on)  # checked before anything is written
    kernel.record([event], occurred_at=when)
    item = kernel.view(NAME).items[event.negotiation]
    step = item.steps[-1]
    runnerup.emit(
        {
            "negotiation": item.id,
            "step": step.kind,
            "amount": step.amount,
            "currency": item.currency,
        },
        text=f"{item.id}: {step.kind} {steps.money(step.amount, item.currency)}",
    )


def _when(kernel: Kernel, on: str | None) -> datetime | None:
    if on is None:
        return None
    try:
        return runnerup.parse_when(on, now=kernel.now())
    except runnerup.DateParseError as exc:
        raise RunnerupError(str(exc)) from None
