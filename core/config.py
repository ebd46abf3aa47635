"""Where runnerup keeps its data and how it is configured.

Precedence, highest first: the command-line option, the environment
variable, ``config.toml`` in the home, the built-in default. ``runnerup
config`` prints every effective value with where it came from.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import msgspec

from .errors import RunnerupError

APP_NAME = "runnerup"


def default_home() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


class Settings(msgspec.Struct, kw_only=True):
    """The effective configuration of one invocation.

    (A msgspec Struct, not a dataclass: every command builds one, and
    ``dataclasses`` costs ~3 ms to import and ~1.5 ms a class at start-up.)
    """

    home: Path
    store_url: str
    values: dict[str, Any] = msgspec.field(default_factory=dict)
    sources: dict[str, str] = msgspec.field(default_factory=dict)
    json: bool = False
    log_json: bool = False
    verbose: int = 0

    @property
    def config_file(self) -> Path:
        return self.home / "config.toml"

    def section(self, name: str) -> dict[str, Any]:
        value = self.values.get(name, {})
        return value if isinstance(value, dict) else {}

    def get(self, dotted: str, default: Any = None) -> Any:
        node: Any = self.values
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node


def load_settings(
    *,
    home: str | None = None,
    store: str | None = None,
    json: bool = False,
    log_json: bool = False,
    verbose: int = 0,
    env: dict[str, str] | None = None,
) -> Settings:
    env = dict(os.environ) if env is None else env
    sources: dict[str, str] = {}
    if home:
        home_path, sources["home"] = Path(home), "--home"
    elif env.get("RUNNERUP_HOME"):
        home_path, sources["home"] = Path(env["RUNNERUP_HOME"]), "RUNNERUP_HOME"
    else:
        home_path, sources["home"] = default_home(), "default (platform user data dir)"
    home_path = home_path.expanduser().absolute()

    values = read_config(home_path / "config.toml")
    if store:
        url, sources["store"] = store, "--store"
    elif env.get("RUNNERUP_STORE"):
        url, sources["store"] = env["RUNNERUP_STORE"], "RUNNERUP_STORE"
    elif isinstance(values.get("store"), str):
        url, sources["store"] = values["store"], f"{home_path / 'config.toml'}"
    else:
        url, sources["store"] = (
            f"sqlite:///{home_path / 'events.db'}",
            "default (SQLite in the home)",
        )
    return Settings(
        home=home_path,
        store_url=url,
        values=values,
        sources=sources,
        json=json,
        log_json=log_json,
        verbose=verbose,
    )


def read_config(path: Path) -> dict[str, Any]:
    try:
        fh = path.open("rb")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise RunnerupError(f"cannot read {path}: {exc.strerror}") from None
    import tomllib  # only when there is a file to parse: it costs a few ms per start

    try:
        with fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise RunnerupError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise RunnerupError(f"cannot read {path}: {exc.strerror}") from None


def ensure_home(home: Path) -> Path:
    """Create the home owner-only (0700); files in it are made 0600."""
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    if sys.platform != "win32" and home.stat().st_mode & 0o077:
        home.chmod(0o700)
    return home
