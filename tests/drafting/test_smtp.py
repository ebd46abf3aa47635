"""Sending through a real SMTP server (aiosmtpd on 127.0.0.1): all recipients or none."""

from __future__ import annotations

import datetime as dt
import email
import ipaddress
import socket
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import msgspec
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from runnerup.plugins.drafting.eml import build_message
from runnerup.plugins.drafting.smtp import SendError, SendReport, SmtpSettings, send_message

HOST = "127.0.0.1"
WHEN = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes


@dataclass
class Capture:
    """An aiosmtpd handler that records what arrives and refuses chosen recipients."""

    refuse: set[str] = field(default_factory=set)
    data_reply: str = "250 2.0.0 Ok: queued as ABC123"
    received: list[Received] = field(default_factory=list)
    rcpt_seen: list[str] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        self.rcpt_seen.append(address)
        if address in self.refuse:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.data_reply.startswith("250"):
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
            )
        return self.data_reply


Start = Callable[..., tuple[Capture, int]]


@pytest.fixture
def smtp_server() -> Iterator[Start]:
    controllers: list[Controller] = []

    def start(handler: Capture | None = None, **kwargs: Any) -> tuple[Capture, int]:
        handler = handler or Capture()
        port = free_port()
        controller = Controller(handler, hostname=HOST, port=port, **kwargs)
        controller.start()
        controllers.append(controller)
        return handler, port

    yield start
    for controller in controllers:
        controller.stop()


def plain(port: int, **overrides: Any) -> SmtpSettings:
    return SmtpSettings(host=HOST, port=port, security="none", timeout=5, **overrides)


def draft(to: str = "Dana Whitfield <dana@northwind.example>", **extra: str) -> EmailMessage:
    msg = build_message(
        sender="Alex Morgan <alex@example.org>",
        to=to,
        subject="Thank you \u2013 Senior Data Engineer",
        body="Hi Dana,\n\nThank you for your time. Zoë says hello.\n\nAlex Morgan\n",
        date=WHEN,
        message_id_seed="draft-0001",
    )
    for name, value in extra.items():
        msg[name] = value
    return msg


def parse(data: bytes) -> EmailMessage:
    parsed = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


# -- settings -------------------------------------------------------------------------


def test_settings_defaults_and_decoding() -> None:
    settings = SmtpSettings(host="smtp.example.org")
    assert (settings.port, settings.security, settings.timeout) == (587, "starttls", 20)
    assert settings.username is None and settings.password_env is None
    decoded = msgspec.toml.decode(
        b'host = "smtp.example.org"\nport = 465\nsecurity = "ssl"\n'
        b'username = "alex"\npassword_env = "RUNNERUP_SMTP_PASSWORD"\n',
        type=SmtpSettings,
    )
    assert decoded.security == "ssl" and decoded.password_env == "RUNNERUP_SMTP_PASSWORD"
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert({"host": "x", "security": "tls"}, SmtpSettings)
    assert "password" not in SmtpSettings.__struct_fields__


# -- delivery -------------------------------------------------------------------------


def test_the_server_receives_the_message(smtp_server: Start) -> None:
    handler, port = smtp_server()
    report = send_message(draft(), plain(port))
    assert report == SendReport(
        accepted=["dana@northwind.example"], server_reply="250 2.0.0 Ok: queued as ABC123"
    )
    [got] = handler.received
    assert got.mail_from == "alex@example.org"
    assert got.rcpt_tos == ["dana@northwind.example"]
    parsed = parse(got.content)
    assert parsed["Subject"] == "Thank you \u2013 Senior Data Engineer"
    assert parsed["From"].addresses[0].display_name == "Alex Morgan"
    assert parsed["To"].addresses[0].addr_spec == "dana@northwind.example"
    assert parsed["Message-ID"] == draft()["Message-ID"]
    assert parsed["Date"].datetime == WHEN
    body = parsed.get_content().replace("\r\n", "\n")  # CRLF is the wire format
    assert body == draft().get_content()
    assert "Zoë says hello." in body


def test_cc_and_bcc_get_it_but_bcc_is_not_shown(smtp_server: Start) -> None:
    handler, port = smtp_server()
    msg = draft(Cc="coach@example.net", Bcc="me-archive@example.org")
    report = send_message(msg, plain(port))
    assert report.accepted == [
        "dana@northwind.example",
        "coach@example.net",
        "me-archive@example.org",
    ]
    [got] = handler.received
    assert sorted(got.rcpt_tos) == sorted(report.accepted)
    assert parse(got.content)["Bcc"] is None
    assert msg["Bcc"] == "me-archive@example.org"  # the caller's message is untouched


def test_one_refused_recipient_means_nothing_is_sent(smtp_server: Start) -> None:
    handler, port = smtp_server(Capture(refuse={"nobody@northwind.example"}))
    msg = draft(to="dana@northwind.example, nobody@northwind.example")
    with pytest.raises(SendError) as info:
        send_message(msg, plain(port))
    message = str(info.value)
    assert "550" in message and "nobody@northwind.example" in message
    assert "\n" not in message
    assert handler.rcpt_seen == ["dana@northwind.example", "nobody@northwind.example"]
    assert handler.received == []  # DATA never happened, not even for dana


def test_the_only_recipient_refused(smtp_server: Start) -> None:
    handler, port = smtp_server(Capture(refuse={"dana@northwind.example"}))
    with pytest.raises(SendError, match=r"SMTP 550: recipient dana@northwind\.example refused"):
        send_message(draft(), plain(port))
    assert handler.received == []


def test_a_rejected_message_is_an_error(smtp_server: Start) -> None:
    _handler, port = smtp_server(Capture(data_reply="554 5.7.1 message rejected as spam"))
    with pytest.raises(SendError, match=r"SMTP 554.*rejected as spam"):
        send_message(draft(), plain(port))


def test_nobody_listening_is_a_send_error() -> None:
    with pytest.raises(SendError, match=rf"cannot reach SMTP server {HOST}:\d+"):
        send_message(draft(), plain(free_port()))


def test_an_unresolvable_host_is_a_send_error() -> None:
    settings = SmtpSettings(host="smtp.invalid", port=25, security="none", timeout=2)
    with pytest.raises(SendError, match=r"cannot reach SMTP server smtp\.invalid:25"):
        send_message(draft(), settings)


def test_no_recipients_is_a_send_error() -> None:
    msg = draft()
    del msg["To"]
    with pytest.raises(SendError, match="no recipients"):
        send_message(msg, plain(free_port()))


def test_non_ascii_address_needs_smtputf8(smtp_server: Start) -> None:
    handler, port = smtp_server(enable_SMTPUTF8=False)
    with pytest.raises(SendError, match="non-ASCII addresses"):
        send_message(draft(to="zoë@exämple.org"), plain(port))
    assert handler.received == []
    handler, port = smtp_server(enable_SMTPUTF8=True)
    report = send_message(draft(to="zoë@exämple.org"), plain(port))
    assert report.accepted == ["zoë@exämple.org"]
    assert handler.received[0].rcpt_tos == ["zoë@exämple.org"]


# -- authentication -------------------------------------------------------------------


def authenticator(user: str, password: str) -> Callable[..., AuthResult]:
    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            user.encode(),
            password.encode(),
        )
        return AuthResult(success=ok, handled=False)

    return check


def test_login_uses_the_password_from_the_environment(
    smtp_server: Start, monkeypatch: pytest.MonkeyPatch
) -> None:
    handler, port = smtp_server(
        authenticator=authenticator("alex", "s3cret"), auth_require_tls=False
    )
    settings = plain(port, username="alex", password_env="TEST_SMTP_PASSWORD")
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "s3cret")
    assert send_message(draft(), settings).accepted == ["dana@northwind.example"]
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "wrong")
    with pytest.raises(SendError, match="SMTP 535"):
        send_message(draft(), settings)
    assert len(handler.received) == 1


def test_a_missing_password_variable_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEST_SMTP_PASSWORD", raising=False)
    settings = plain(free_port(), username="alex", password_env="TEST_SMTP_PASSWORD")
    with pytest.raises(SendError, match=r"TEST_SMTP_PASSWORD .* is not set"):
        send_message(draft(), settings)
    with pytest.raises(SendError, match="no password_env"):
        send_message(draft(), plain(free_port(), username="alex"))


def test_no_password_in_clear_text_to_a_remote_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "s3cret")
    settings = SmtpSettings(
        host="smtp.example.org",
        security="none",
        username="alex",
        password_env="TEST_SMTP_PASSWORD",
    )
    with pytest.raises(SendError, match="without encryption"):
        send_message(draft(), settings)


# -- TLS ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, so TLS can be verified for real."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(HOST))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    return context


def client_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(certificate[0]))


def test_starttls(smtp_server: Start, certificate: tuple[Path, Path]) -> None:
    handler, port = smtp_server(tls_context=server_context(certificate), require_starttls=True)
    settings = SmtpSettings(host=HOST, port=port, security="starttls", timeout=5)
    report = send_message(draft(), settings, context=client_context(certificate))
    assert report.accepted == ["dana@northwind.example"]
    assert len(handler.received) == 1


def test_implicit_tls(smtp_server: Start, certificate: tuple[Path, Path]) -> None:
    handler, port = smtp_server(ssl_context=server_context(certificate))
    settings = SmtpSettings(host=HOST, port=port, security="ssl", timeout=5)
    send_message(draft(), settings, context=client_context(certificate))
    assert len(handler.received) == 1


def test_an_untrusted_certificate_is_refused(
    smtp_server: Start, certificate: tuple[Path, Path]
) -> None:
    handler, port = smtp_server(ssl_context=server_context(certificate))
    settings = SmtpSettings(host=HOST, port=port, security="ssl", timeout=5)
    with pytest.raises(SendError, match="CERTIFICATE_VERIFY_FAILED"):
        send_message(draft(), settings)  # default context: system CAs only
    assert handler.received == []


def test_starttls_not_offered_is_refused(smtp_server: Start) -> None:
    handler, port = smtp_server()
    settings = SmtpSettings(host=HOST, port=port, security="starttls", timeout=5)
    with pytest.raises(SendError, match="does not offer STARTTLS"):
        send_message(draft(), settings)
    assert handler.received == []
