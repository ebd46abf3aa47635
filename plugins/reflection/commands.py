"""``reflect`` and ``reflections``: guided self-reflection and the job's two columns.

``reflect APP`` with no answers asks the questions one by one on a
terminal (an empty answer skips one). Without a terminal it refuses rather
than waiting on input that will never come, and says how to pass answers.
"""

from __future__ import annotations

import sys
from itertools import zip_longest
from typing import TYPE_CHECKING, Any

import click
import runnerup
from runnerup import Event, RunnerupError
from runnerup.events.reflection import QUESTIONS, JobAssessed, ReflectionAnswered

from .model import AppReflection, Reflections

if TYPE_CHECKING:
    from runnerup import Kernel

MAX_ANSWER = 4000
KEYS = ", ".join(QUESTIONS)


def stdin_is_terminal() -> bool:
    """Whether a person can answer prompts (a function, so tests can stand in)."""
    return sys.stdin.isatty()


def _text(value: str, what: str) -> str:
    cleaned = value.strip()
    if not cleaned:
        raise RunnerupError(f"{what} cannot be empty")
    if len(cleaned) > MAX_ANSWER:
        raise RunnerupError(f"{what} is at most {MAX_ANSWER} characters")
    return cleaned


def _answers(pairs: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        key = key.strip().lower().replace("-", "_")
        if not sep:
            raise RunnerupError(f"--answer: expected KEY=TEXT, got {pair!r} (keys: {KEYS})")
        if key not in QUESTIONS:
            raise RunnerupError(f"--answer: unknown question {key!r}; the keys are: {KEYS}")
        if key in out:
            raise RunnerupError(f"--answer: {key} is answered twice")
        out[key] = _text(text, f"the answer to {key}")
    return out


def _ask() -> tuple[dict[str, str], list[str], list[str]]:
    click.echo("Answer what you like; press Enter to skip a question.\n", err=True)
    answers = {}
    for key, question in QUESTIONS.items():
        reply = click.prompt(question, default="", show_default=False).strip()
        if reply:
            answers[key] = reply[:MAX_ANSWER]
    liked = _ask_list("What did you like about the job? (one at a time, Enter to finish)")
    concerns = _ask_list("What concerned you about the job? (one at a time, Enter to finish)")
    return answers, liked, concerns


def _ask_list(question: str) -> list[str]:
    items: list[str] = []
    while reply := click.prompt(question, default="", show_default=False).strip():
        items.append(reply[:MAX_ANSWER])
    return items


def application_id(kernel: Kernel, ref: str) -> str:
    """The application id ``ref`` names, through the applications plugin's view."""
    if "applications" in kernel.projections:
        return str(kernel.view("applications").resolve(ref).id)
    # Without that plugin only an exact id of an existing stream is trusted.
    if kernel.store.stream_version(f"application/{ref.strip()}") > 0:
        return ref.strip()
    raise RunnerupError(f"no application {ref!r} (the applications plugin is not installed)")


@click.command()
@click.argument("app")
@click.option("--answer", "answers", multiple=True, metavar="KEY=TEXT", help=f"Keys: {KEYS}.")
@click.option("--liked", multiple=True, metavar="TEXT", help="Something you liked about the job.")
@click.option(
    "--concern", "concerns", multiple=True, metavar="TEXT", help="Something that concerned you."
)
def reflect(
    app: str, answers: tuple[str, ...], liked: tuple[str, ...], concerns: tuple[str, ...]
) -> None:
    """Reflect on application APP: what went well, what you will do differently.

    With no options, asks each question on a terminal. --liked and --concern
    (repeatable) write down the two columns of a job reflection.
    """
    kernel = runnerup.get_kernel()
    app_id = application_id(kernel, app)
    given = _answers(answers)
    likes = [_text(t, "--liked") for t in liked]
    worries = [_text(t, "--concern") for t in concerns]
    if not (given or likes or worries):
        if not stdin_is_terminal():
            raise RunnerupError(
                "no answers given and stdin is not a terminal: pass --answer KEY=TEXT"
                f" (keys: {KEYS}) or --liked/--concern TEXT"
            )
        given, likes, worries = _ask()
        if not (given or likes or worries):
            runnerup.emit({"recorded": 0}, text="nothing recorded")
            return
    events: list[Event] = [
        ReflectionAnswered(application=app_id, question=k, answer=v) for k, v in given.items()
    ]
    if likes or worries:
        events.append(JobAssessed(application=app_id, liked=likes, concerns=worries))
    kernel.record(events)
    parts = [f"{len(given)} answer{'s' if len(given) != 1 else ''}"] if given else []
    if likes or worries:
        parts.append(f"{len(likes)} liked, {len(worries)} concerns")
    lines = [f"reflection recorded for {app_id}: {', '.join(parts)}"]
    if _reminder_closed(kernel, app_id):
        lines.append(f"done: the reflection reminder for {app_id}")
    runnerup.emit(
        {"application": app_id, "answers": given, "liked": likes, "concerns": worries},
        text="\n".join(lines),
    )


def _reminder_closed(kernel: Kernel, app_id: str) -> bool:
    if "reminders" not in kernel.projections:
        return False
    item = kernel.view("reminders").items.get(f"{app_id}.reflect")
    return bool(item is not None and getattr(item, "done", False))


@click.command()
@click.argument("app", required=False)
def reflections(app: str | None) -> None:
    """Show your reflections: the answers, and what you liked / what concerned you."""
    kernel = runnerup.get_kernel()
    state: Reflections = kernel.view("reflections")
    if app is not None:
        app_id = application_id(kernel, app)
        chosen = {app_id: state.apps[app_id]} if app_id in state.apps else {}
        if not chosen:
            runnerup.emit({}, text=f"No reflection for {app_id} yet: runnerup reflect {app_id}")
            return
    else:
        chosen = dict(sorted(state.apps.items()))
    data = {a: _json(r) for a, r in chosen.items()}
    if runnerup.get_app().json:
        runnerup.emit(data)
        return
    if not chosen:
        click.echo("No reflections yet: runnerup reflect APP")
        return
    for n, (app_id, entry) in enumerate(chosen.items()):
        if n:
            click.echo("")
        _print(app_id, entry)


def _json(entry: AppReflection) -> dict[str, Any]:
    return {
        "answers": {
            k: {"question": QUESTIONS.get(k, k), "answer": v} for k, v in entry.ordered_answers()
        },
        "liked": entry.liked,
        "concerns": entry.concerns,
        "updated_at": entry.updated_at,
    }


def _print(app_id: str, entry: AppReflection) -> None:
    click.echo(app_id)
    for key, answer in entry.ordered_answers():
        click.echo(f"  {QUESTIONS.get(key, key)}")
        for line in answer.splitlines() or [""]:
            click.echo(f"    {line}")
    if entry.liked or entry.concerns:
        click.echo("")
        rows = [
            {"liked": a, "concerns": b}
            for a, b in zip_longest(entry.liked, entry.concerns, fillvalue="")
        ]
        runnerup.emit_table(rows, ["liked", "concerns"], headers=["LIKED", "CONCERNS"])
