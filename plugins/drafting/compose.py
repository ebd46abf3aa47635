"""From a request to a written draft: context, rendering, tone check, sealing.

The reactor turns ``draft.requested`` into ``draft.created`` (or
``draft.render_failed``). Rendering is a pure function of the request, the
application and contact it names, ``[me]`` from config.toml and the template
files, so the same request renders the same text. The text is sealed under
the contact (a fresh nonce each time, which is fine: the kernel keeps the
first output of a reaction and never appends a second).
"""

from __future__ import annotations

from collections.abc import Mapping
from email.utils import formataddr
from typing import Any

from runnerup import Event, ReactionContext, Sealed
from runnerup.events.draft import DraftCreated, DraftRenderFailed, DraftRequested, Text, ToneFlag

from . import facts
from .layers import template_set
from .render import TemplateError
from .state import NAME as DRAFTS
from .tone import ToneWarning, check_tone

PLACEHOLDER_NAME = "[your name]"


def me(config: Mapping[str, Any]) -> dict[str, str]:
    """The user, from ``[me] name`` / ``email``; a visible placeholder when unset."""
    name = config.get("name") if isinstance(config.get("name"), str) else None
    email = config.get("email") if isinstance(config.get("email"), str) else None
    return {"name": (name or "").strip() or PLACEHOLDER_NAME, "email": (email or "").strip()}


def sender(smtp: Mapping[str, Any], me_config: Mapping[str, Any]) -> str | None:
    """The From header: ``[smtp] from``, else ``[me] name <email>``; None when unknown."""
    explicit = smtp.get("from")
    if isinstance(explicit, str) and explicit.strip():
        return explicit.strip()
    user = me(me_config)
    if not user["email"]:
        return None
    return formataddr((user["name"] if user["name"] != PLACEHOLDER_NAME else "", user["email"]))


def seal_for(vault: Any, person: facts.Person | None, text: str) -> Text:
    """Seal ``text`` under the draft's contact; plain when there is none (or they are forgotten)."""
    if person is None or person.forgotten:
        return text
    return vault.seal(person.id, text)  # type: ignore[no-any-return]


def opened(vault: Any, value: Text | None, default: str = "forgotten contact") -> str:
    if value is None:
        return ""
    if isinstance(value, Sealed):
        return vault.open(value, default)  # type: ignore[no-any-return]
    return value


def warnings(subject: str, body: str, allow: list[str]) -> list[tuple[str, ToneWarning]]:
    """The tone check of the subject and the body, each tagged with its field."""
    found = [("subject", w) for w in check_tone(subject, allow=allow)]
    return found + [("body", w) for w in check_tone(body, allow=allow)]


def flags(found: list[tuple[str, ToneWarning]]) -> list[ToneFlag]:
    # Spans only: the flagged words may name the person, and flags are not sealed.
    return [ToneFlag(field=f, category=w.category, start=w.start, end=w.end) for f, w in found]  # type: ignore[arg-type]


def allowed_words(*texts: str | None) -> list[str]:
    """Names written in capitals on purpose (a company "IKEA") are not shouting."""
    return [t for t in texts if t]


def render_context(
    request: DraftRequested,
    app: facts.AppFacts | None,
    person: facts.Person | None,
    user: dict[str, str],
) -> dict[str, Any]:
    contact = None
    if person is not None and (person.name or person.email):
        first = person.name.split()[0] if person.name else None
        contact = {"name": person.name, "first_name": first, "email": person.email}
    return {
        "company": request.company or (app.company if app else None) or request.application or "",
        "role": request.role or (app.role if app else None),
        "me": user,
        "contact": contact,
        "stage": request.stage,
        "round": request.round,
        "interviewed_on": request.interviewed_on,
        "rejected_on": request.rejected_on,
        "feedback": request.feedback,
        "days_since": request.days_since,
        "extra": dict(request.extra),
    }


def compose(request: DraftRequested, context: ReactionContext) -> list[Event]:
    """The reactor step for one ``draft.requested``."""
    current = context.view(DRAFTS).items.get(request.draft)
    if current is not None and current.status not in ("requested", "failed"):
        return []
    kernel = context.kernel
    app = facts.application(context, request.application)
    person = facts.person(context, context.vault, request.contact)
    user = me(context.config("me"))
    values = render_context(request, app, person, user)
    try:
        rendered = template_set(kernel).render(request.kind, values)
    except TemplateError as exc:
        # sealed: a template error may quote a context value (the person's name)
        return [
            DraftRenderFailed(draft=request.draft, reason=seal_for(context.vault, person, str(exc)))
        ]
    allow = allowed_words(values["company"], person.name if person else None, user["name"])
    to = formataddr((person.name or "", person.email)) if person and person.email else None
    vault = context.vault
    return [
        DraftCreated(
            draft=request.draft,
            kind=request.kind,
            application=request.application,
            contact=request.contact,
            subject=seal_for(vault, person, rendered.subject),
            body=seal_for(vault, person, rendered.body),
            to=seal_for(vault, person, to) if to else None,
            tone=flags(warnings(rendered.subject, rendered.body, allow)),
            template_source=rendered.source,
        )
    ]


def tone_check(
    reader: Any, vault: Any, application: str | None, contact: str | None, subject: str, body: str
) -> list[tuple[str, ToneWarning]]:
    """The tone check of a draft's text, with the same allowed names the reactor used."""
    app = facts.application(reader, application)
    person = facts.person(reader, vault, contact)
    user = me(reader.settings.section("me") if hasattr(reader, "settings") else reader.config("me"))
    allow = allowed_words(
        app.company if app else None, person.name if person else None, user["name"]
    )
    return warnings(subject, body, allow)
