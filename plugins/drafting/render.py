"""Layered, sandboxed rendering of draft templates.

Three layers, highest first:

1. ``user``: ``<kind>.txt.j2`` files in the user's override folder, read on
   every render so an edit shows at once;
2. ``plugin``: sources that plugins contribute through :meth:`TemplateSet.add`;
3. ``builtin``: the files packaged in ``runnerup.plugins.drafting/templates``.

``{% include "kind" %}`` resolves through the same layers. Rendering always
happens in a :class:`~jinja2.sandbox.SandboxedEnvironment`: templates come
from plugins and from files a user may have copied from anywhere, and none of
them may reach Python internals. Names a template uses but the context lacks
are errors (``StrictUndefined``), so a typo never ships as an empty string.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

import msgspec

__all__ = ["Rendered", "Source", "TemplateError", "TemplateSet"]

Source = Literal["user", "plugin", "builtin"]

SUFFIX = ".txt.j2"
_PACKAGE = __name__.rpartition(".")[0]
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_SUBJECT = re.compile(r"subject:(.*)", re.IGNORECASE)
REQUIRED = ("company", "role", "me")
OPTIONAL: Mapping[str, Any] = {
    "contact": None,
    "stage": None,
    "round": None,
    "interviewed_on": None,
    "rejected_on": None,
    "feedback": None,
    "days_since": None,
}
# Bounds for `*` and `**`, which the sandbox otherwise lets run until memory ends.
_MAX_REPEAT = 100_000
_MAX_EXPONENT = 100


class TemplateError(ValueError):
    """A template is missing, broken, unsafe or produced no subject."""


class Rendered(msgspec.Struct, frozen=True, kw_only=True):
    """A rendered draft and where its template came from."""

    subject: str
    body: str
    template: str
    source: Source


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _kind(name: str) -> str:
    kind = name.removesuffix(SUFFIX)
    if not _NAME.fullmatch(kind):
        raise TemplateError(f"bad template name {name!r}: use letters, digits, '_' and '-'")
    return kind


def human_date(value: object) -> str:
    """``2026-11-21`` → ``21 November 2026``; None → ``""``; anything else as text."""
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value.day} {value:%B} {value.year}"
    return str(value)


@cache
def _jinja() -> Any:
    """jinja2 and the sandbox class, imported on first render.

    Every runnerup command loads this module (the plugin registers commands);
    only the ones that render a template should pay for importing jinja2.
    """
    import jinja2
    import jinja2.sandbox

    class Sandbox(jinja2.sandbox.SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**" and isinstance(right, int) and abs(right) > _MAX_EXPONENT:
                raise jinja2.sandbox.SecurityError(f"exponent {right} is too large")
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    sized = isinstance(seq, str | list | tuple) and isinstance(times, int)
                    if sized and len(seq) * times > _MAX_REPEAT:
                        raise jinja2.sandbox.SecurityError("repetition result is too large")
            return super().call_binop(context, operator, left, right)

    return jinja2, Sandbox


@cache
def _builtins() -> dict[str, str]:
    folder = files(_PACKAGE).joinpath("templates")
    return {
        entry.name.removesuffix(SUFFIX): entry.read_text(encoding="utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(SUFFIX) and _NAME.fullmatch(entry.name.removesuffix(SUFFIX))
    }


class TemplateSet:
    """All known draft templates, layered user > plugin > builtin."""

    def __init__(self, user_dir: Path | None = None, *, builtins: bool = True) -> None:
        """:param user_dir: the override folder (may not exist yet).
        :param builtins: False leaves out the packaged defaults (for tests).
        """
        self.user_dir = user_dir
        self._builtins = dict(_builtins()) if builtins else {}
        self._plugins: dict[str, tuple[str, str]] = {}  # kind -> (source, owner)
        jinja2, sandbox = _jinja()
        self._env = sandbox(
            loader=jinja2.FunctionLoader(self._load),
            autoescape=False,  # plain-text email: escaping would show &amp; to the reader
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            cache_size=0,  # layers change (add(), user edits); compiling is cheap
        )
        self._env.filters["human_date"] = human_date

    # -- layers ---------------------------------------------------------------------

    def add(self, name: str, source: str, owner: str) -> None:
        """Contribute a template from a plugin.

        :param name: the kind, with or without the ``.txt.j2`` suffix.
        :param source: the Jinja2 source.
        :param owner: the contributing plugin's name, shown in errors.
        :raises TemplateError: for a bad name, a syntax error, or a kind that
            another owner already contributed.
        """
        kind = _kind(name)
        if not isinstance(source, str):
            raise TemplateError(f"template {kind!r} from {owner!r} is not text")
        taken = self._plugins.get(kind)
        if taken is not None and taken[1] != owner:
            raise TemplateError(
                f"template {kind!r} from {owner!r} clashes with the one from {taken[1]!r}"
            )
        jinja2, _ = _jinja()
        try:
            self._env.parse(source)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                f"template {kind!r} (plugin: {owner}) line {exc.lineno}: {_one_line(exc.message)}"
            ) from None
        self._plugins[kind] = (source, owner)

    def _user_path(self, kind: str) -> Path | None:
        if self.user_dir is None:
            return None
        path = self.user_dir / f"{kind}{SUFFIX}"
        return path if path.is_file() else None

    def _user_kinds(self) -> list[str]:
        if self.user_dir is None or not self.user_dir.is_dir():
            return []
        return [
            p.name.removesuffix(SUFFIX)
            for p in self.user_dir.glob(f"*{SUFFIX}")
            if p.is_file() and _NAME.fullmatch(p.name.removesuffix(SUFFIX))
        ]

    def lookup(self, kind: str) -> tuple[str, Source, str]:
        """The winning template for ``kind``: (source text, layer, origin for messages).

        :raises TemplateError: when no layer has it or a user file is unreadable.
        """
        kind = _kind(kind)
        path = self._user_path(kind)
        if path is not None:
            try:
                return path.read_text(encoding="utf-8"), "user", f"user: {path}"
            except (OSError, UnicodeDecodeError) as exc:
                raise TemplateError(
                    f"template {kind!r} (user: {path}) cannot be read: {_one_line(exc)}"
                ) from None
        if kind in self._plugins:
            text, owner = self._plugins[kind]
            return text, "plugin", f"plugin: {owner}"
        if kind in self._builtins:
            return self._builtins[kind], "builtin", "builtin"
        known = ", ".join(self.names()) or "none"
        raise TemplateError(f"no template {kind!r}; known: {known}")

    def names(self) -> dict[str, Source]:
        """Every known kind and the layer that wins for it, sorted by kind."""
        found: dict[str, Source] = dict.fromkeys(self._builtins, "builtin")
        found.update(dict.fromkeys(self._plugins, "plugin"))
        found.update(dict.fromkeys(self._user_kinds(), "user"))
        return dict(sorted(found.items()))

    def _load(self, name: str) -> tuple[str, str | None, Callable[[], bool]] | None:
        # Jinja's loader for {% include %}: None makes Jinja raise TemplateNotFound,
        # which render() reports against the including template.
        if not _NAME.fullmatch(name.removesuffix(SUFFIX)) or _kind(name) not in self.names():
            return None
        text, _layer, origin = self.lookup(name)
        return text, origin, lambda: False

    # -- rendering ------------------------------------------------------------------

    def render(self, kind: str, context: Mapping[str, Any]) -> Rendered:
        """Render ``kind`` with ``context`` (see the package docstring for its names).

        :returns: the subject (the first line, without ``Subject:``) and the body
            (after the blank line, ending in one newline).
        :raises TemplateError: naming the template, for a missing template or
            context value, a syntax error, a sandbox violation, any error raised
            while rendering, or output without a subject line or body.
        """
        kind = _kind(kind)
        text, layer, origin = self.lookup(kind)
        where = f"template {kind!r} ({origin})"
        missing = [key for key in REQUIRED if key not in context]
        if missing:
            raise TemplateError(f"{where}: the context lacks {', '.join(missing)}")
        values = {**OPTIONAL, "extra": {}, **context}
        jinja2, _ = _jinja()
        try:
            # Compiled from the text looked up above, so the layer reported is the
            # layer rendered even if the user edits the file meanwhile.
            output = self._env.from_string(text).render(values)
        except TemplateError:
            raise
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"{where} line {exc.lineno}: {_one_line(exc.message)}") from None
        except jinja2.sandbox.SecurityError as exc:
            raise TemplateError(f"{where} was stopped by the sandbox: {_one_line(exc)}") from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(f"{where} includes an unknown template {exc.name!r}") from None
        except Exception as exc:  # a template's own bug (1/0, bad filter) is still its bug
            detail = _one_line(exc) or type(exc).__name__
            raise TemplateError(f"{where} failed: {detail}") from None
        return self._split(output, kind, layer, where)

    @staticmethod
    def _split(output: str, kind: str, layer: Source, where: str) -> Rendered:
        first, _, rest = output.lstrip("\n").partition("\n")
        match = _SUBJECT.fullmatch(first.strip())
        subject = _one_line(match.group(1)) if match else ""
        if not subject:
            raise TemplateError(f"{where} must start with a 'Subject: ...' line")
        body = "\n".join(line.rstrip() for line in rest.strip("\n").splitlines())
        if not body.strip():
            raise TemplateError(f"{where} has an empty body")
        return Rendered(subject=subject, body=body + "\n", template=kind, source=layer)
