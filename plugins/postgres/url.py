"""PostgreSQL store URLs: runnerup's own ``seeker`` parameter, the rest is libpq's.

``postgresql://user:pass@host:5432/db?seeker=alice&sslmode=require``: the
seeker (tenant) is taken out, everything else goes to libpq unchanged.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from runnerup import StoreError

SCHEMES = ("postgresql", "postgres")
DEFAULT_SEEKER = "default"
_SEEKER = r"[\w.@+-]{1,100}"  # compiled on use (re caches it): every start imports this module


def is_postgres_url(url: str) -> bool:
    return url.split(":", 1)[0].lower() in SCHEMES and url.split(":", 1)[-1].startswith("//")


def parse_url(url: str) -> tuple[str, str]:
    """``(libpq conninfo URL, seeker)``; a bad seeker is a :class:`StoreError`."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise StoreError(f"not a PostgreSQL URL: {redact(url)}")
    query = parse_qsl(parts.query, keep_blank_values=True)
    seekers = [value for key, value in query if key == "seeker"]
    if len(seekers) > 1:
        raise StoreError(f"the store URL names more than one seeker: {redact(url)}")
    seeker = seekers[0] if seekers else DEFAULT_SEEKER
    if not re.fullmatch(_SEEKER, seeker):
        raise StoreError(
            f"bad seeker {seeker!r} in the store URL: use 1-100 letters, digits or . _ @ + -"
        )
    rest = urlencode([(k, v) for k, v in query if k != "seeker"], quote_via=quote)
    return urlunsplit(parts._replace(query=rest)), seeker


def redact(url: str) -> str:
    """The URL without its password, fit for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def where(conninfo: str) -> str:
    """``host:port/db`` for error messages (never the password)."""
    parts = urlsplit(conninfo)
    host = parts.netloc.rpartition("@")[2] or "localhost"
    return f"{host}{parts.path or '/'}"
