"""``drafts``, ``draft show | new | sent | discard``, ``templates``.

``draft edit`` and ``draft send`` live in :mod:`.edit` and :mod:`.send`.
Text is opened from the vault only to print it; a forgotten contact's draft
shows "forgotten contact" and can no longer be read.
"""

from __future__ import annotations

from typing import Any

import click
import runnerup
from runnerup import RunnerupError
from runnerup.events.draft import DraftDiscarded, DraftMarkedSent, DraftRequested

from . import compose, facts
from .files import eml_path
from .layers import template_set
from .render import TemplateError
from .state import NAME, Draft, Drafts


def drafts_view(kernel: Any) -> Drafts:
    return kernel.view(NAME)  # type: ignore[no-any-return]


def tone_label(draft: Draft) -> str:
    count = len(draft.tone)
    return "ok" if count == 0 else f"{count} warning" + ("s" if count > 1 else "")


def recipient(kernel: Any, draft: Draft) -> str | None:
    if draft.forgotten:
        return "forgotten contact"
    return compose.opened(kernel.vault, draft.to) or None


@click.command("drafts")
@click.option("--all", "show_all", is_flag=True, help="Include discarded drafts.")
def drafts_command(show_all: bool) -> None:
    """List drafts: number, id, kind, application, recipient, status, tone."""
    kernel = runnerup.get_kernel()
    rows = [
        {
            "number": d.number,
            "id": d.id,
            "kind": d.kind,
            "application": d.application,
            "to": recipient(kernel, d),
            "status": d.status,
            "tone": tone_label(d),
            "due": d.due.isoformat() if d.due else None,
        }
        for d in sorted(drafts_view(kernel).items.values(), key=lambda d: d.number)
        if show_all or d.status != "discarded"
    ]
    runnerup.emit_table(
        rows,
        ["number", "id", "kind", "application", "to", "status", "tone", "due"],
        headers=["#", "ID", "KIND", "APPLICATION", "TO", "STATUS", "TONE", "DUE"],
        empty="no drafts",
    )


@click.group("draft")
def draft_group() -> None:
    """Show, write, send or discard one draft (by id, unique prefix or number)."""


def show_text(kernel: Any, draft: Draft) -> tuple[str, dict[str, Any]]:
    vault = kernel.vault
    subject, body = compose.opened(vault, draft.subject), compose.opened(vault, draft.body)
    found = (
        compose.tone_check(kernel, vault, draft.application, draft.contact, subject, body)
        if draft.has_text and not draft.forgotten
        else []
    )
    path = eml_path(kernel.home, draft.id)
    data = {
        "id": draft.id,
        "number": draft.number,
        "kind": draft.kind,
        "status": draft.status,
        "application": draft.application,
        "to": recipient(kernel, draft),
        "due": draft.due.isoformat() if draft.due else None,
        "subject": subject,
        "body": body,
        "tone": [
            {"field": f, "phrase": w.phrase, "category": w.category, "reason": w.reason}
            for f, w in found
        ],
        "file": str(path) if path.is_file() else None,
        "error": compose.opened(vault, draft.error) or None,
        "last_send_error": compose.opened(vault, draft.last_send_error) or None,
        "sent_at": draft.sent_at.isoformat() if draft.sent_at else None,
    }
    lines = [f"{draft.id}  (#{draft.number}, {draft.kind}, {draft.status})"]
    for label, key in (
        ("Application", "application"),
        ("To", "to"),
        ("Due", "due"),
        ("File", "file"),
    ):
        if data[key]:
            lines.append(f"{label}: {data[key]}")
    if draft.sent_at:
        lines.append(
            f"Sent: {data['sent_at']}"
            + (f" ({draft.server_reply})" if draft.server_reply else " (by hand)")
        )
    if draft.forgotten:
        lines.append("Its contact was forgotten: the text can no longer be read.")
        return "\n".join(lines), {**data, "subject": None, "body": None, "last_send_error": None}
    if data["last_send_error"] and draft.status != "sent":
        lines.append(f"Last send failed: {data['last_send_error']}")
    if data["error"]:
        lines.append(f"Could not be written: {data['error']}")
    if draft.has_text:
        lines += ["", f"Subject: {subject}", "", body.rstrip("\n")]
    if found:
        lines += ["", f"Tone: {len(found)} warning(s)"]
        lines += [f"  - {w.phrase!r} ({w.category}, {f}): {w.reason}" for f, w in found]
    elif draft.has_text:
        lines += ["", "Tone: ok"]
    return "\n".join(lines), data


@draft_group.command("show")
@click.argument("ref")
def show_command(ref: str) -> None:
    """Print the draft's full text and its tone warnings."""
    kernel = runnerup.get_kernel()
    text, data = show_text(kernel, drafts_view(kernel).resolve(ref))
    runnerup.emit(data, text=text)


def _new_id(existing: Drafts, app_id: str, kind: str) -> str:
    base = f"{app_id}.{kind.replace('_', '-')}"
    candidate, n = base, 1
    while candidate in existing.items:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _pairs(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in values:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise RunnerupError(f"--extra expects KEY=VALUE, got {pair!r}")
        out[key.strip()] = value
    return out


@draft_group.command("new")
@click.argument("app")
@click.option(
    "--kind",
    required=True,
    help="Template kind (see 'runnerup templates'), e.g. ghosted_follow_up.",
)
@click.option(
    "--to",
    "to",
    metavar="CONTACT",
    help="Contact id, name or email (default: the application's contact).",
)
@click.option("--due", metavar="DATE", help="When it should go out (default: today).")
@click.option(
    "--extra", multiple=True, metavar="KEY=VALUE", help="Template extras, e.g. pain=…, story=…."
)
def new_command(
    app: str, kind: str, to: str | None, due: str | None, extra: tuple[str, ...]
) -> None:
    """Draft a note of KIND for application APP, outside the automatic plan."""
    kernel = runnerup.get_kernel()
    found = facts.resolve_application(kernel, app)
    contact = facts.resolve_contact(kernel, kernel.vault, to) if to else found.contact
    try:
        due_day = runnerup.parse_day(due, today=kernel.now().date()) if due else kernel.now().date()
    except runnerup.DateParseError as exc:
        raise RunnerupError(str(exc)) from None
    days_since = (kernel.now() - found.last_activity_at).days if found.last_activity_at else None
    existing = drafts_view(kernel)
    request = DraftRequested(
        draft=_new_id(existing, found.id, kind),
        kind=kind,
        application=found.id,
        contact=contact,
        due=due_day,
        days_since=days_since,
        extra=_pairs(extra),
    )
    person = facts.person(kernel, kernel.vault, contact)
    values = compose.render_context(
        request, found, person, compose.me(kernel.settings.section("me"))
    )
    try:  # render once before recording, so a broken template is an error, not a failed draft
        template_set(kernel).render(kind, values)
    except TemplateError as exc:
        raise RunnerupError(str(exc)) from None
    kernel.record([request])
    draft = drafts_view(kernel).items[request.draft]
    text, data = show_text(kernel, draft)
    runnerup.emit(data, text=text)


def _mark(ref: str, make: Any, verb: str) -> None:
    kernel = runnerup.get_kernel()
    draft = drafts_view(kernel).resolve(ref)
    if draft.status in ("sent", "discarded"):
        raise RunnerupError(f"draft {draft.id} is already {draft.status}")
    kernel.record([make(draft.id)])
    runnerup.emit({"draft": draft.id, "status": verb}, text=f"{draft.id}: {verb}")


@draft_group.command("sent")
@click.argument("ref")
@click.option("--note", help="How or when you sent it.")
def sent_command(ref: str, note: str | None) -> None:
    """Mark a draft as sent by you (from your own mail client)."""
    _mark(ref, lambda draft_id: DraftMarkedSent(draft=draft_id, note=note), "sent")


@draft_group.command("discard")
@click.argument("ref")
@click.option("--reason", help="Why (kept in the log).")
def discard_command(ref: str, reason: str | None) -> None:
    """Throw a draft away; its .eml file is removed."""
    _mark(ref, lambda draft_id: DraftDiscarded(draft=draft_id, reason=reason), "discarded")


@click.command("templates")
def templates_command() -> None:
    """List draft template kinds and where each one comes from (user, plugin, builtin)."""
    kernel = runnerup.get_kernel()
    templates = template_set(kernel)
    rows = []
    for kind, layer in templates.names().items():
        _source, _layer, origin = templates.lookup(kind)
        rows.append({"kind": kind, "source": layer, "origin": origin})
    runnerup.emit_table(rows, ["kind", "source", "origin"], empty="no templates")
