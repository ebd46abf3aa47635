"""Shared by the inbox's watch rules: ids, views, matching and the printed line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .matching import match_application

if TYPE_CHECKING:
    from runnerup import Kernel

#: The word the watcher prints for each kind ("… → inbox #3: Acme, Data Engineer: rejection").
KIND_WORDS = {
    "rejection": "rejection",
    "invitation": "invitation",
    "offer": "offer",
    "interview": "interview",
    "cancellation": "cancelled interview",
    "other": "other (nothing to apply)",
}


def next_number(kernel: Kernel) -> int:
    """One more than the highest suggestion number ever used, retracted ones included.

    Read from the raw log (not the ``inbox`` view, which skips retracted
    suggestions) so an undone suggestion's number is never reused.
    """
    highest = 0
    for event in kernel.read(types=["inbox.suggested"]):
        sid = getattr(event.data, "suggestion", "")
        if isinstance(sid, str) and sid[1:].isdigit():
            highest = max(highest, int(sid[1:]))
    return highest + 1


def view_or_none(kernel: Kernel, name: str) -> Any:
    return kernel.view(name) if name in kernel.projections else None


def auto_accept(kernel: Kernel) -> bool:
    return kernel.settings.section("watch").get("auto_accept") is True


def find_application(
    kernel: Kernel,
    *,
    thread_ids: list[str],
    sender_domain: str | None,
    company: str | None,
    role: str | None,
) -> tuple[str | None, str | None]:
    apps = view_or_none(kernel, "applications")
    if apps is None:
        return None, None
    inbox = kernel.view("inbox")
    return match_application(
        apps=apps,
        contacts=view_or_none(kernel, "contacts"),
        opener=lambda sealed: kernel.vault.open(sealed, ""),
        threads=inbox.threads,
        thread_ids=thread_ids,
        sender_domain=sender_domain,
        company=company,
        role=role,
    )


def describe(company: str | None, role: str | None) -> str:
    """``Northwind Logistics, Senior Data Engineer`` (or whichever of the two is known)."""
    parts = [p for p in (company, role) if p]
    return ", ".join(parts) if parts else "unknown company"


def summary(number: int, company: str | None, role: str | None, kind: str, auto: bool) -> str:
    word = KIND_WORDS.get(kind, kind)
    tail = " (auto-accepted)" if auto else ""
    return f"inbox #{number}: {describe(company, role)}: {word}{tail}"
