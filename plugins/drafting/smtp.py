"""Sending a draft through the user's SMTP server, all or nothing.

"Sent" is recorded only after the server said yes, so this module must never
report success for a message that did not fully go out. It speaks the SMTP
transaction itself instead of calling :meth:`smtplib.SMTP.send_message`,
because that method delivers to the accepted recipients even when another
one is refused; here every recipient must be accepted before DATA is sent,
and the transaction is reset otherwise.

If the connection drops after the message was handed over but before the
server confirmed it, the outcome is unknown; that is reported as a failure
(a possible duplicate later beats a note that was claimed sent and never was).
"""

from __future__ import annotations

import contextlib
import copy
import ipaddress
import os
import smtplib
import ssl
from email import policy
from email.generator import BytesGenerator
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import getaddresses
from io import BytesIO
from typing import Literal

import msgspec

__all__ = ["SendError", "SendReport", "SmtpSettings", "send_message"]


class SmtpSettings(msgspec.Struct, frozen=True, kw_only=True):
    """Where and how to send. The password is never stored: only the name of
    the environment variable that holds it."""

    host: str
    port: int = 587
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str | None = None
    password_env: str | None = None
    timeout: float = 20


class SendReport(msgspec.Struct, frozen=True, kw_only=True):
    """The server accepted the message for every recipient."""

    accepted: list[str]
    server_reply: str


class SendError(RuntimeError):
    """The message was not (or not certainly) accepted; nothing counts as sent."""


def _one_line(text: object) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return " ".join(str(text).split())


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _envelope(msg: EmailMessage) -> tuple[str, list[str]]:
    senders = getaddresses(msg.get_all("Sender") or msg.get_all("From") or [])
    sender = next((addr for _name, addr in senders if addr), "")
    fields = [str(v) for key in ("To", "Cc", "Bcc") for v in msg.get_all(key) or []]
    recipients = list(dict.fromkeys(addr for _name, addr in getaddresses(fields) if addr))
    if not sender:
        raise SendError("the message has no From address")
    if not recipients:
        raise SendError("the message has no recipients")
    return sender, recipients


def _flatten(msg: EmailMessage, utf8: bool) -> bytes:
    outgoing = copy.copy(msg)
    del outgoing["Bcc"]  # the envelope carries Bcc; the headers must not
    buffer = BytesIO()
    base = msg.policy if isinstance(msg.policy, EmailPolicy) else policy.SMTP
    generator = BytesGenerator(buffer, policy=base.clone(utf8=utf8, linesep="\r\n"))
    generator.flatten(outgoing)
    return buffer.getvalue()


def _password(settings: SmtpSettings) -> str | None:
    if settings.username is None:
        return None
    if not settings.password_env:
        raise SendError(f"SMTP user {settings.username!r} has no password_env setting")
    password = os.environ.get(settings.password_env)
    if password is None:
        raise SendError(f"environment variable {settings.password_env} (SMTP password) is not set")
    if settings.security == "none" and not _is_loopback(settings.host):
        raise SendError(
            f"refusing to send the SMTP password to {settings.host} without encryption;"
            " use security 'starttls' or 'ssl'"
        )
    return password


def _connect(settings: SmtpSettings, context: ssl.SSLContext) -> smtplib.SMTP:
    if settings.security == "ssl":
        return smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout, context=context
        )
    server = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    if settings.security == "starttls":
        server.ehlo()
        if not server.has_extn("starttls"):
            server.close()
            raise SendError(f"SMTP server {settings.host} does not offer STARTTLS")
        server.starttls(context=context)
        server.ehlo()
    return server


def send_message(
    msg: EmailMessage, settings: SmtpSettings, *, context: ssl.SSLContext | None = None
) -> SendReport:
    """Send ``msg`` to every address in its To, Cc and Bcc headers, or to none.

    :param context: TLS settings; the default verifies the server certificate.
    :returns: the accepted recipients and the server's final reply.
    :raises SendError: with a one-line message naming the SMTP code and the
        refused address, the unreachable server or the missing password; the
        message then was not accepted.
    """
    sender, recipients = _envelope(msg)
    password = _password(settings)
    utf8 = not all(a.isascii() for a in (sender, *recipients))
    where = f"{settings.host}:{settings.port}"
    try:
        server = _connect(settings, context or ssl.create_default_context())
    except SendError:
        raise
    except smtplib.SMTPResponseException as exc:
        raise SendError(f"SMTP {exc.smtp_code} from {where}: {_one_line(exc.smtp_error)}") from None
    except (OSError, smtplib.SMTPException) as exc:  # refused, timeout, DNS, TLS
        raise SendError(f"cannot reach SMTP server {where}: {_one_line(exc)}") from None
    try:
        return _transact(server, msg, sender, recipients, password, settings, utf8)
    except SendError:
        raise
    except smtplib.SMTPResponseException as exc:
        raise SendError(f"SMTP {exc.smtp_code} from {where}: {_one_line(exc.smtp_error)}") from None
    except (OSError, smtplib.SMTPException) as exc:
        raise SendError(f"SMTP conversation with {where} failed: {_one_line(exc)}") from None
    finally:
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            server.close()


def _transact(
    server: smtplib.SMTP,
    msg: EmailMessage,
    sender: str,
    recipients: list[str],
    password: str | None,
    settings: SmtpSettings,
    utf8: bool,
) -> SendReport:
    server.ehlo_or_helo_if_needed()
    if password is not None and settings.username is not None:
        server.login(settings.username, password)
    options: list[str] = []
    if utf8:
        if not server.has_extn("smtputf8"):
            raise SendError(f"SMTP server {settings.host} cannot take non-ASCII addresses")
        options = ["SMTPUTF8", "BODY=8BITMIME"]
    code, reply = server.mail(sender, options)
    if code != 250:
        _reset(server)
        raise SendError(f"SMTP {code}: sender {sender} refused: {_one_line(reply)}")
    refused: list[str] = []
    for rcpt in recipients:
        code, reply = server.rcpt(rcpt)
        if code not in (250, 251):
            refused.append(f"SMTP {code}: recipient {rcpt} refused: {_one_line(reply)}")
    if refused:
        _reset(server)  # nobody gets the message when anybody is refused
        raise SendError("; ".join(refused) + " (nothing was sent)")
    code, reply = server.data(_flatten(msg, utf8))
    if code != 250:
        raise SendError(f"SMTP {code}: message not accepted: {_one_line(reply)}")
    return SendReport(accepted=recipients, server_reply=f"{code} {_one_line(reply)}")


def _reset(server: smtplib.SMTP) -> None:
    # Best effort: the refusal being reported matters more than a failed RSET.
    with contextlib.suppress(OSError, smtplib.SMTPException):
        server.rset()
