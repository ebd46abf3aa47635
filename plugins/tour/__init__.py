"""``runnerup tour``: the whole story, narrated, on a throwaway home.

The tour runs the real commands of whatever plugins are installed (a
missing plugin's steps are skipped with a note), with the clock pinned per
step, in a temporary folder that is deleted afterwards unless ``--keep``.
It never touches a real home: an explicit ``--home`` must be an empty folder.
"""

from __future__ import annotations

from pathlib import Path

import click
import runnerup
from runnerup import RunnerupError, hookimpl


@hookimpl
def register_commands(cli: click.Group) -> None:
    cli.add_command(tour)


def _home(explicit: Path | None) -> tuple[Path, bool]:
    """The folder to run in, and whether it is ours to delete afterwards."""
    app = runnerup.get_app()
    if explicit is None and app.settings.sources.get("home") == "--home":
        explicit = app.settings.home
    if explicit is None:
        import tempfile

        return Path(tempfile.mkdtemp(prefix="runnerup-tour-")), True
    if explicit.exists() and (not explicit.is_dir() or any(explicit.iterdir())):
        raise RunnerupError(
            f"{explicit} is not an empty folder; the tour only runs in an empty one"
            " (or, without --home, in a temporary folder), never in a real home"
        )
    explicit.mkdir(parents=True, exist_ok=True, mode=0o700)
    return explicit, False


@click.command()
@click.option("--keep", is_flag=True, help="Keep the tour's folder and print where it is.")
@click.option(
    "--home",
    "home",
    type=click.Path(file_okay=False, path_type=Path),
    help="Run in this folder instead (it must be empty or new; it is kept).",
)
def tour(keep: bool, home: Path | None) -> None:
    """Watch runnerup turn a rejection into next steps, on a throwaway home.

    Runs the real commands (apply, interview, rejected, drafts, agenda,
    calendar export, feedback, reflect, plan, outreach, board, undo, events
    verify) with a pinned clock. Your own data is never touched.
    """
    from .runner import TourRunner
    from .story import CONFIG, STORY

    folder, temporary = _home(home)
    runner = TourRunner(runnerup.build_cli(runnerup.get_app().pm), folder)
    try:
        (folder / "config.toml").write_text(CONFIG)
        click.echo(
            "runnerup tour: one job search, from application to rejection to next steps."
            f"\nEvery command below is real and runs on a throwaway home ({folder})."
        )
        for step in STORY:
            runner.run(step)
    finally:
        if temporary and not keep:
            import shutil

            shutil.rmtree(folder, ignore_errors=True)
    summary = f"\nTour done: {runner.ran} commands"
    if runner.skipped:
        summary += f", {runner.skipped} skipped"
    click.echo(summary + ".")
    if not temporary or keep:
        click.echo(f"Look around: runnerup --home {folder} board")
    else:
        click.echo("Start your own: runnerup apply COMPANY --role ROLE")
    if runner.failed:
        raise RunnerupError(f"{runner.failed} tour step(s) failed (see the errors above)")
