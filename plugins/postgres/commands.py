"""``runnerup events copy --to URL``: move a whole log into an empty store.

Generic over any two stores that implement :class:`runnerup.store.Migratable`:
positions, versions, times, metadata and hashes are copied exactly, with the
idempotency keys, checkpoints and vault keys, in one transaction on the
target. The chain is checked row by row on the way in and the target is
verified afterwards against the source's head hash.
"""

from __future__ import annotations

from typing import Any

import click
import runnerup
from runnerup import RunnerupError, StoreError
from runnerup.store import Migratable

from .url import redact


@click.command("copy")
@click.option(
    "--to", "target_url", required=True, metavar="URL", help="The empty store to copy into."
)
def copy_command(target_url: str) -> None:
    """Copy the whole log (with checkpoints and keys) into the empty store at URL.

    Stop other writers first: events appended during the copy stay behind.
    """
    kernel = runnerup.get_kernel()
    if target_url == kernel.store.url:
        raise RunnerupError("the target is the store being copied; give another --to URL")
    target = kernel.pm.hook.resolve_store(url=target_url, home=kernel.settings.home)
    if target is None:
        raise RunnerupError(f"no installed plugin can open the store URL {redact(target_url)!r}")
    kernel.save_checkpoints()  # views this command folded go along with the copy
    try:
        position, digest, count = copy_store(kernel.store, target)
    finally:
        target.close()
    emit_url = redact(target_url)
    runnerup.emit(
        {"copied": count, "head_position": position, "head_hash": digest, "to": emit_url},
        text=f"copied {count} events to {emit_url}; head {position} {digest}",
    )


def copy_store(source: Any, target: Any) -> tuple[int, str, int]:
    """Copy ``source`` into the empty ``target``; return the head and the row count."""
    for store, role in ((source, "source"), (target, "target")):
        if not isinstance(store, Migratable):
            raise RunnerupError(
                f"the {role} store ({type(store).__name__}) cannot copy a whole log"
            )
    position, digest = source.head()
    count = target.import_rows(
        source.read(until=position),
        idempotency=[item for item in source.iter_idempotency() if item[2] <= position],
        checkpoints=[cp for cp in source.iter_checkpoints() if cp.position <= position],
        keys=source.iter_keys(),
    )
    report = target.verify()
    if not report.ok or (report.head_position, report.head_hash) != (position, digest):
        raise StoreError(
            f"the copy does not verify (head {report.head_position} {report.head_hash}, "
            f"expected {position} {digest}): {report.reason or 'head differs'}"
        )
    return position, digest, count
