"""``draft edit``: rewrite a draft, in $EDITOR or from options, and check its tone again.

The editor gets the draft as ``Subject: …``, a blank line, then the body,
the same shape as a template, so a saved file reads back the same way
(``--file`` takes that shape too; a file without a ``Subject:`` line is all
body). The new text is sealed under the draft's contact like the original.
"""

from __future__ import annotations

import sys
from email.utils import formataddr, parseaddr
from pathlib import Path

import click
import runnerup
from runnerup import RunnerupError
from runnerup.events.draft import DraftEdited

from . import compose, facts
from .commands import draft_group, drafts_view, show_text

MAX_TEXT = 100_000


def split_text(text: str) -> tuple[str | None, str]:
    """``Subject: …`` + blank line + body → (subject, body); no subject line → (None, text)."""
    first, _, rest = text.lstrip("\n").partition("\n")
    if first.lower().startswith("subject:"):
        return " ".join(first[len("subject:") :].split()), rest.strip("\n") + "\n"
    return None, text.strip("\n") + "\n"


def _read(file: Path) -> str:
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise RunnerupError(f"cannot read {file}: {exc.strerror}") from None
    if len(data) > MAX_TEXT:
        raise RunnerupError(f"{file} is larger than {MAX_TEXT // 1000} kB: not a draft")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise RunnerupError(f"{file} is not UTF-8 text") from None


def _terminal() -> bool:
    return sys.stdin.isatty()


def _address(to: str) -> str:
    name, address = parseaddr(to)
    if "@" not in address or any(c in to for c in "\r\n"):
        raise RunnerupError(f"--to {to!r} is not an email address")
    return formataddr((name, address))


@draft_group.command("edit")
@click.argument("ref")
@click.option("--subject", help="The new subject line.")
@click.option("--body", help="The new body.")
@click.option(
    "--file",
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read 'Subject: …', a blank line and the body from FILE.",
)
@click.option(
    "--to", "to", metavar="ADDRESS", help="The recipient, 'Name <email>' (for a draft without one)."
)
def edit_command(
    ref: str, subject: str | None, body: str | None, file: Path | None, to: str | None
) -> None:
    """Rewrite a draft (opens $EDITOR on a terminal) and run the tone check again."""
    kernel = runnerup.get_kernel()
    draft = drafts_view(kernel).resolve(ref)
    if draft.status in ("sent", "discarded", "sending"):
        raise RunnerupError(f"draft {draft.id} is {draft.status}: it can no longer be edited")
    if draft.forgotten:
        raise RunnerupError(
            f"draft {draft.id} was for a forgotten contact: it can no longer be edited"
        )
    vault = kernel.vault
    old_subject, old_body = compose.opened(vault, draft.subject), compose.opened(vault, draft.body)
    if file is not None:
        if subject is not None or body is not None:
            raise RunnerupError("give --file or --subject/--body, not both")
        file_subject, body = split_text(_read(file))
        subject = file_subject if file_subject is not None else subject
    elif subject is None and body is None and to is None:
        if not _terminal():
            raise RunnerupError("no terminal for an editor: give --subject, --body or --file")
        edited = click.edit(
            f"Subject: {old_subject}\n\n{old_body}", extension=".txt", require_save=True
        )
        if edited is None:
            runnerup.emit({"draft": draft.id, "changed": False}, text=f"{draft.id}: unchanged")
            return
        subject, body = split_text(edited)
    if subject is not None and ("\n" in subject or not subject.strip()):
        raise RunnerupError("the subject must be one non-empty line")
    if body is not None and not body.strip():
        raise RunnerupError("the body must not be empty")
    new_subject = subject if subject is not None else old_subject
    new_body = body if body is not None else old_body
    if not new_subject or not new_body:
        raise RunnerupError(f"draft {draft.id} has no text yet: give both --subject and --body")
    person = facts.person(kernel, vault, draft.contact)
    new_to = _address(to) if to is not None else None
    if new_to is None and draft.to is None and person is not None and person.email:
        # A draft whose template failed never got its recipient: the contact's address.
        new_to = formataddr((person.name or "", person.email))
    changed = (new_subject, new_body) != (old_subject, old_body) or new_to is not None
    if not changed:
        runnerup.emit({"draft": draft.id, "changed": False}, text=f"{draft.id}: unchanged")
        return
    found = compose.tone_check(
        kernel, vault, draft.application, draft.contact, new_subject, new_body
    )
    kernel.record(
        [
            DraftEdited(
                draft=draft.id,
                subject=compose.seal_for(vault, person, new_subject)
                if new_subject != old_subject
                else None,
                body=compose.seal_for(vault, person, new_body) if new_body != old_body else None,
                to=compose.seal_for(vault, person, new_to) if new_to is not None else None,
                tone=compose.flags(found),
            )
        ]
    )
    text, data = show_text(kernel, drafts_view(kernel).items[draft.id])
    runnerup.emit(data, text=text)
