"""``contact add``, ``contact reached``, ``contacts`` and ``forget``.

Names, emails and notes about people are sealed with the vault under the
contact's own key before they are recorded, and opened only to print them.
``forget`` records ``contact.forgotten`` and then destroys the key
(crypto-shredding): the log keeps its bytes and its hash chain, but nobody
can read the person back, and every view shows "forgotten contact". Files
other plugins wrote from those events (draft ``.eml`` files) are theirs to
handle when they see ``contact.forgotten``.
"""

from __future__ import annotations

import click
import runnerup
from runnerup import NO_STREAM, RunnerupError
from runnerup.events.contact import ContactAdded, ContactForgotten, ContactReached

from .common import (
    MAX_TEXT,
    clean,
    contact_events,
    contacts,
    kernel,
    known_contact,
    parse_on,
    resolve_app,
    show_when,
)
from .contacts import parse_contact


@click.group("contact")
def contact_group() -> None:
    """Add the people of your search and record when you were in touch."""


@contact_group.command("add")
@click.argument("person", metavar='"NAME <EMAIL>"')
@click.option("--company", help="Where they work.")
@click.option("--app", "app_ref", metavar="APP", help="The application they are part of.")
@click.option("--role", help="Their role (recruiter, hiring manager, …).")
def add_command(person: str, company: str | None, app_ref: str | None, role: str | None) -> None:
    """Add a person; prints the contact id. A known email reuses its contact."""
    k = kernel()
    parsed = parse_contact(person)
    company = clean(company, "--company")
    role = clean(role, "--role")
    app = resolve_app(k, app_ref).app if app_ref is not None else None
    company = company or (app.company if app else None)
    app_id = app.id if app else None
    known = contacts(k).find_email(parsed.email, k.vault) if parsed.email else None
    if known is None:
        contact_id, events = contact_events(
            k, person, company=company, application=app_id, match_names=False
        )
        if role is not None:
            events = [_with_role(e, role) for e in events]
        k.record(events, stream=f"contact/{contact_id}", expected_version=NO_STREAM)
        runnerup.emit({"contact": contact_id, "created": True}, text=contact_id)
        return
    linked = app_id is None or app_id in known.applications
    if (
        linked
        and (company is None or company == known.company)
        and (role is None or role == known.role)
    ):
        click.echo(f"{known.id} is already known; nothing recorded", err=True)
        runnerup.emit({"contact": known.id, "created": False}, text=known.id)
        return
    # The same person again, now linked to one more application or company.
    again = ContactAdded(
        contact=known.id,
        name=k.vault.seal(known.id, parsed.name),
        email=known.email,
        company=company,
        application=app_id,
        role=role,
    )
    k.record([again])
    runnerup.emit({"contact": known.id, "created": False}, text=known.id)


@contact_group.command("reached")
@click.argument("contact")
@click.option("--how", help="call, email, coffee, LinkedIn, …")
@click.option("--note", help="What you talked about (stored sealed).")
@click.option("--on", "on", metavar="DATE", help="When (default: today).")
def reached_command(contact: str, how: str | None, note: str | None, on: str | None) -> None:
    """Record a real contact with someone; keep-in-touch counts from it."""
    k = kernel()
    person = known_contact(k, contact)
    if person.forgotten:
        raise RunnerupError(f"contact {person.id} was forgotten")
    how = clean(how, "--how")
    note = clean(note, "--note", limit=MAX_TEXT, multiline=True)
    when = parse_on(on, k)
    sealed = k.vault.seal(person.id, note) if note else None
    k.record([ContactReached(contact=person.id, how=how, note=sealed)], occurred_at=when)
    name = person.display_name(k.vault)
    runnerup.emit({"contact": person.id, "how": how}, text=f"{person.id}: in touch with {name}")


@click.command("contacts")
def contacts_command() -> None:
    """List the people of your search (forgotten ones stay as ids)."""
    k = kernel()
    now = k.now()
    rows = []
    for c in sorted(contacts(k).items.values(), key=lambda c: c.added_at):
        rows.append(
            {
                "id": c.id,
                "name": c.display_name(k.vault),
                "email": c.display_email(k.vault),
                "company": c.company,
                "role": c.role,
                "applications": list(c.applications),
                "last_reached": show_when(c.last_reached_at, now) if c.last_reached_at else None,
                "last_reached_at": c.last_reached_at.isoformat() if c.last_reached_at else None,
                "forgotten": c.forgotten,
            }
        )
    runnerup.emit_table(
        rows,
        ["id", "name", "email", "company", "applications", "last_reached"],
        empty="(no contacts yet; add one with 'runnerup contact add \"Name <email>\"')",
        json_rows=[{key: v for key, v in r.items() if key != "last_reached"} for r in rows],
    )


@click.command("forget")
@click.argument("contact")
def forget_command(contact: str) -> None:
    """Forget a person for good: their name, email and notes become unreadable."""
    k = kernel()
    person = known_contact(k, contact)
    if person.forgotten and k.vault.is_forgotten(person.id):
        raise RunnerupError(f"contact {person.id} is already forgotten")
    if not person.forgotten:
        k.record([ContactForgotten(contact=person.id)])
    # The key goes after the event is safe: were we stopped in between,
    # 'forget' again finds the event and finishes the job.
    k.vault.forget(person.id)
    runnerup.emit({"contact": person.id, "forgotten": True}, text=f"{person.id}: forgotten")


def _with_role(event: runnerup.Event, role: str) -> runnerup.Event:
    import msgspec

    return msgspec.structs.replace(event, role=role) if isinstance(event, ContactAdded) else event
