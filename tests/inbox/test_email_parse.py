"""parse_email: decoding, fallbacks, quote stripping and refusing what is not an email."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from runnerup.plugins.inbox.domains import (
    company_from_domain,
    is_ats_domain,
    is_generic_domain,
    registrable_domain,
)
from runnerup.plugins.inbox.email_parse import (
    MAX_BYTES,
    InboxParseError,
    ParsedEmail,
    parse_email,
)
from runnerup.plugins.inbox.html_text import html_to_text

CORPUS = Path(__file__).parent / "corpus"


def corpus(name: str) -> ParsedEmail:
    return parse_email((CORPUS / name).read_bytes())


# ---------------------------------------------------------------- structure and encodings


def test_multipart_alternative_prefers_the_plain_part() -> None:
    mail = corpus("rejection-polite-en-northwind.eml")
    assert mail.text.startswith("Dear Jane,")
    assert "<p" not in mail.text
    assert "This was not an easy decision \u2014 we received" in mail.text  # QP-encoded em dash
    assert mail.subject == "Your application for Senior Data Engineer at Northwind Logistics"


def test_headers_of_a_crlf_file() -> None:
    mail = corpus("rejection-polite-en-northwind.eml")
    assert mail.sender_name == "Northwind Logistics Careers"
    assert mail.sender_email == "careers@mail.northwind-logistics.com"
    assert mail.sender_domain == "northwind-logistics.com"
    assert mail.to == ["jane.doe@example.org"]
    assert mail.message_id == "<20240604144210.7731.careers@mail.northwind-logistics.com>"
    assert mail.date == datetime(2024, 6, 4, 14, 42, 10, tzinfo=UTC)
    assert mail.date is not None and mail.date.utcoffset() == timedelta(hours=2)


def test_html_only_mail_is_converted_without_style_script_or_tags() -> None:
    mail = corpus("rejection-polite-en-lever-brightwave.eml")
    assert "the position has been filled" in mail.text
    assert "<" not in mail.text
    assert "offer-letter" not in mail.text and "offer letter" not in mail.text  # from <style>
    assert "invite you" not in mail.text  # from <script>
    assert mail.sender_domain == "lever.co"


def test_html_links_keep_their_target() -> None:
    mail = corpus("invitation-en-greenhouse-acme-html.eml")
    assert (
        "Select times <https://app.greenhouse.io/interview_scheduling/select/6b1e8f>" in mail.text
    )


def test_quoted_printable_latin1_body_and_encoded_word_headers() -> None:
    mail = corpus("rejection-polite-de-kessler.eml")
    assert mail.subject == "Ihre Bewerbung als Projektingenieur (m/w/d) - Rückmeldung"
    assert mail.sender_name == "Kessler Maschinenbau GmbH"
    assert "für einen anderen Kandidaten entschieden" in mail.text
    assert "Mit freundlichen Grüßen" in mail.text


def test_windows_1252_body_with_curly_quotes() -> None:
    mail = corpus("rejection-polite-en-pinecrest-cp1252.eml")
    assert "We\u2019ve now completed our review" in mail.text
    assert mail.subject == "Marketing Manager \u2013 Pinecrest Health"


def test_windows_1252_8bit_body_and_encoded_word_inside_display_name() -> None:
    mail = corpus("rejection-polite-de-lindenau-cp1252.eml")
    assert "\u201eData Analyst (m/w/d)\u201c" in mail.text
    assert mail.sender_name == "Lindenau Energie AG über softgarden"
    assert mail.subject == "Ihre Bewerbung bei der Lindenau Energie AG \u2013 Data Analyst (m/w/d)"


def test_base64_body() -> None:
    mail = corpus("rejection-polite-en-workday-globex.eml")
    assert "Position: Financial Analyst (R-10234)" in mail.text
    assert mail.sender_name == "Globex Corporation (via Workday)"
    assert mail.sender_domain == "myworkday.com"


def test_base64_encoded_word_subject_and_utf8_body() -> None:
    mail = corpus("rejection-polite-fr-eclat.eml")
    assert mail.subject == "Votre candidature au poste de Développeur Full Stack"
    assert mail.sender_name == "Éclat Studio Recrutement"
    assert "retenu une autre candidature" in mail.text


def test_iso_8859_1_quoted_printable_spanish() -> None:
    mail = corpus("rejection-polite-es-marea.eml")
    assert mail.subject.startswith("Actualización de tu candidatura")
    assert "Te deseamos mucho éxito en tu búsqueda." in mail.text


def test_attachment_is_not_read_as_body() -> None:
    mail = corpus("offer-en-harbourlight.eml")
    assert "delighted to offer you" in mail.text
    assert "%PDF" not in mail.text


def test_whitespace_is_normalised() -> None:
    raw = (
        "Subject:  Hello\r\n   world\r\n\r\n"
        "One\u00a0two   three\r\n\r\n\r\n\r\nFour\u200b\t\tfive  \r\n"
    )
    mail = parse_email(raw.encode("utf-8"))
    assert mail.subject == "Hello world"
    assert "\n\n\n" not in mail.text
    assert mail.text == "One two three\n\nFour five"


# ---------------------------------------------------------------- threads and quotes


def test_reply_thread_ids_and_quoted_history_removed() -> None:
    mail = corpus("rejection-polite-en-reply-thread-harbourlight.eml")
    assert mail.in_reply_to == "<CAJD-91xz@mail.gmail.com>"
    assert mail.references == ["<CAHL-1a2b3c@mail.harbourlight.io>", "<CAJD-91xz@mail.gmail.com>"]
    assert "decided not to move forward with your candidacy" in mail.text
    assert mail.text.endswith("Senior Talent Partner at Harbourlight")
    assert "available for an interview" not in mail.text
    assert "final round interview" not in mail.text
    assert "wrote:" not in mail.text


def test_forwarded_mail_is_kept_whole() -> None:
    mail = corpus("rejection-polite-en-forwarded-cobalt.eml")
    assert "---------- Forwarded message ---------" in mail.text
    assert "We have now filled the position" in mail.text


@pytest.mark.parametrize(
    "quote",
    [
        "-----Original Message-----\nFrom: Jane\nSent: Monday\nSubject: Interview\n\nI'm free.",
        "________________________________\nFrom: Jane Doe\nSent: Monday, June 10\nTo:"
        " Dana\n\nFree!",
        "From: Jane Doe <jane@example.org>\nSent: Monday, June 10, 2024 9:14 AM\nTo: Dana\n\nFree!",
        "Am Mo., 10. Juni 2024 um 09:14 Uhr schrieb Jane Doe <jane@example.org>:\nIch kann.",
        "Le lun. 10 juin 2024 à 09:14, Jane Doe <jane@example.org> a écrit :\nJe suis libre.",
        "El lun, 10 jun 2024 a las 9:14, Jane Doe (<jane@example.org>) escribió:\nPuedo.",
        "Op ma 10 jun. 2024 om 09:14 schreef Jane Doe <jane@example.org>:\nIk kan.",
        "On Mon, 10 Jun 2024 at 09:14, Jane Doe <\njane@example.org> wrote:\nI'm free.",
    ],
)
def test_reply_attributions_in_five_languages_and_outlook(quote: str) -> None:
    raw = f"From: dana@harbourlight.io\nSubject: Re: Interview\n\nThe role is filled.\n\n{quote}\n"
    assert parse_email(raw.encode("utf-8")).text == "The role is filled."


def test_forward_marker_without_forward_subject_keeps_the_forwarded_text() -> None:
    raw = (
        "From: jane@example.org\nSubject: for the tracker\n\nSee below.\n\n"
        "---------- Forwarded message ---------\nFrom: Acme <jobs@acme.io>\n"
        "Date: Mon, 10 Jun 2024\nSubject: Your application\n\nThe position has been filled.\n"
    )
    assert "The position has been filled." in parse_email(raw.encode()).text


def test_a_mail_that_is_only_a_quote_keeps_its_text() -> None:
    mail = parse_email(b"Subject: Re: x\n\n> only quoted text\n> here\n")
    assert "only quoted text" in mail.text


# ---------------------------------------------------------------- missing and broken parts


def test_missing_headers_are_none_or_empty() -> None:
    mail = parse_email(b"Subject: Interview\n\nCan we talk?\n")
    assert mail == ParsedEmail(subject="Interview", text="Can we talk?")


def test_body_without_subject_is_an_email() -> None:
    mail = parse_email(b"From: Acme <jobs@acme.io>\n\nThe position has been filled.\n")
    assert mail.subject == ""
    assert mail.sender_domain == "acme.io"


def test_raw_8bit_header_and_unknown_charset_fall_back() -> None:
    raw = (
        b"From: J\xfcrgen <j@example.de>\nSubject: Absage f\xfcr Sie\n"
        b'Content-Type: text/plain; charset="x-no-such-charset"\n\nLeider m\xfcssen wir absagen.\n'
    )
    mail = parse_email(raw)
    assert mail.subject == "Absage für Sie"
    assert mail.sender_name == "Jürgen"
    assert mail.text == "Leider müssen wir absagen."


def test_undeclared_utf8_body_is_read_as_utf8() -> None:
    mail = parse_email("Subject: x\n\nGrüße aus Köln\n".encode())
    assert mail.text == "Grüße aus Köln"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Tue, 04 Jun 2024 16:42:10 -0000", datetime(2024, 6, 4, 16, 42, 10, tzinfo=UTC)),
        (
            "4 Jun 2024 16:42 +0530",
            datetime(2024, 6, 4, 16, 42, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        ),
        ("yesterday at noon", None),
        ("", None),
    ],
)
def test_dates_are_aware_or_none(header: str, expected: datetime | None) -> None:
    mail = parse_email(f"Date: {header}\nSubject: x\n\nbody\n".encode())
    assert mail.date == expected
    if mail.date is not None:
        assert mail.date.tzinfo is not None


def test_malformed_address_header_does_not_raise() -> None:
    mail = parse_email(b'From: <<<@@>>> "unclosed\nTo: ,,,;;;@\nSubject: hi\n\nbody\n')
    assert mail.subject == "hi"


# ---------------------------------------------------------------- not an email


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\r\n\t", "empty"),
        (b"\x00\x01\x02\xff\xfe binary \x00", "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"just some text\nwithout any headers\n", "no headers"),
        (b"name: value\nother: thing\n\nbody\n", "none of From"),
        (b"From: someone@example.org\n\n", "neither a subject nor a body"),
        (b"Subject: \n\n   \n", "neither a subject nor a body"),
    ],
)
def test_input_that_is_not_an_email_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(InboxParseError, match=message) as info:
        parse_email(data)
    assert "\n" not in str(info.value)


def test_oversized_input_is_refused_before_parsing() -> None:
    with pytest.raises(InboxParseError, match="limit"):
        parse_email(b"Subject: x\n\n" + b"a" * MAX_BYTES)


def test_inbox_parse_error_is_a_value_error() -> None:
    assert issubclass(InboxParseError, ValueError)


# ---------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("mail.northwind-logistics.com", "northwind-logistics.com"),
        ("careers.email.acme.co.uk", "acme.co.uk"),
        ("notifications.jobs.example.com.au", "example.com.au"),
        ("Acme.IO.", "acme.io"),
        ("localhost", None),
        ("bad_host!.com", None),
        (None, None),
    ],
)
def test_registrable_domain(host: str | None, expected: str | None) -> None:
    assert registrable_domain(host) == expected


def test_domain_kinds_and_company_from_domain() -> None:
    assert is_ats_domain("greenhouse-mail.io") and is_ats_domain("lever.co")
    assert is_generic_domain("gmail.com") and is_generic_domain("myworkday.com")
    assert not is_generic_domain("tidepool.dev")
    assert company_from_domain("northwind-logistics.com") == "Northwind Logistics"
    assert company_from_domain("gmail.com") is None
    assert company_from_domain("ashbyhq.com") is None


def test_html_to_text_structure() -> None:
    html = (
        "<html><head><title>T</title><style>p{x:1}</style></head><body>"
        "<p>Hello&nbsp;&amp; welcome</p><ul><li>one</li><li>two</li></ul>"
        '<a href="https://calendly.com/x">Book</a><br/>end<script>alert(1)</script></body></html>'
    )
    text = html_to_text(html)
    assert "Hello & welcome" in text
    assert "- one" in text and "- two" in text
    assert "Book <https://calendly.com/x>" in text
    assert "alert" not in text and "p{x:1}" not in text and "T" not in text.split("Hello")[0]


# ---------------------------------------------------------------- properties

_FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_parse_or_raise_inbox_parse_error(data: bytes) -> None:
    try:
        result = parse_email(data)
    except InboxParseError:
        return
    assert isinstance(result, ParsedEmail)


_header_names = st.sampled_from(
    [
        b"From",
        b"To",
        b"Subject",
        b"Date",
        b"Message-ID",
        b"Content-Type",
        b"In-Reply-To",
        b"References",
        b"Content-Transfer-Encoding",
        b"MIME-Version",
    ]
)


@_FUZZ
@given(
    st.lists(st.tuples(_header_names, st.binary(max_size=80)), min_size=1, max_size=8),
    st.binary(max_size=600),
)
def test_mail_shaped_bytes_parse_or_raise_inbox_parse_error(
    headers: list[tuple[bytes, bytes]], body: bytes
) -> None:
    data = b"".join(name + b": " + value.replace(b"\n", b" ") + b"\n" for name, value in headers)
    try:
        result = parse_email(data + b"\n" + body)
    except InboxParseError:
        return
    assert isinstance(result, ParsedEmail)
    assert result.date is None or result.date.tzinfo is not None
