"""classify: the corpus, the phrase rules, negation, extraction and robustness."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from runnerup.plugins.inbox.classify import KINDS, Classification, classify
from runnerup.plugins.inbox.company import company_from_display_name, find_company
from runnerup.plugins.inbox.email_parse import ParsedEmail, parse_email
from runnerup.plugins.inbox.extract import clean_role, parse_subject
from runnerup.plugins.inbox.language import detect_language

CORPUS = Path(__file__).parent / "corpus"
EXPECTED: dict[str, dict[str, str | None]] = json.loads(
    (CORPUS / "expected.json").read_text(encoding="utf-8")
)


def mail(
    text: str, subject: str = "", sender: str | None = None, domain: str | None = None
) -> ParsedEmail:
    return ParsedEmail(subject=subject, text=text, sender_name=sender, sender_domain=domain)


# ---------------------------------------------------------------- the corpus


def test_corpus_is_complete_and_varied() -> None:
    files = {p.name for p in CORPUS.glob("*.eml")}
    assert files == set(EXPECTED), "every .eml needs an expected.json entry and vice versa"
    assert len(files) >= 30
    kinds = [e["kind"] for e in EXPECTED.values()]
    assert {"rejection", "invitation", "offer", "other"} <= set(kinds)
    assert {e.get("language") for e in EXPECTED.values()} >= {"en", "de", "fr", "es", "nl"}


def test_corpus_has_ten_polite_rejections_that_never_say_reject() -> None:
    polite = []
    for name, expected in EXPECTED.items():
        if expected["kind"] != "rejection":
            continue
        parsed = parse_email((CORPUS / name).read_bytes())
        if "reject" not in f"{parsed.subject} {parsed.text}".lower():
            polite.append(name)
    assert len(polite) >= 10


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_mail_is_classified_as_expected(name: str) -> None:
    expected = EXPECTED[name]
    result = classify(parse_email((CORPUS / name).read_bytes()))
    assert result.kind == expected["kind"], result.evidence
    for key in ("company", "role", "language"):
        if key in expected:
            assert getattr(result, key) == expected[key], key
    assert 0.0 <= result.confidence <= 1.0
    if result.kind != "other":
        assert result.evidence, "a decision must say why"
        assert result.confidence >= 0.5


# ---------------------------------------------------------------- phrases and negation


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("We'd like to move forward with you and schedule a call.", "invitation"),
        ("We have decided to move forward with other candidates.", "rejection"),
        ("We will not be moving forward with your application.", "rejection"),
        ("We won\u2019t be progressing your application any further.", "rejection"),
        ("Unfortunately, we are not able to proceed at this time.", "rejection"),
        ("The position has been filled.", "rejection"),
        ("We regret to inform you that you have not been selected.", "rejection"),
        ("We would like to invite you to an interview next week.", "invitation"),
        ("Unfortunately we are unable to invite you to an interview.", "rejection"),
        ("Please book a slot: https://calendly.com/acme-recruiting/30min", "invitation"),
        ("Could you share your availability for a technical interview?", "invitation"),
        ("We are pleased to offer you the position of Data Engineer.", "offer"),
        ("We are not in a position to offer you the role.", "rejection"),
        ("Please find the offer letter and compensation package attached.", "offer"),
        ("Thank you for applying! We will review your application and get back to you.", "other"),
        ("We have received your application.", "other"),
        ("Your job alert: 12 new jobs for you. Unsubscribe", "other"),
        ("Wir haben uns für einen anderen Kandidaten entschieden.", "rejection"),
        ("Leider können wir Sie nicht zu einem Vorstellungsgespräch einladen.", "rejection"),
        ("Wir möchten Sie zu einem Vorstellungsgespräch einladen.", "invitation"),
        ("Wir freuen uns, Ihnen ein Angebot zu unterbreiten.", "offer"),
        ("Nous avons retenu une autre candidature.", "rejection"),
        ("Nous ne pouvons pas vous inviter à un entretien.", "rejection"),
        ("Nous souhaiterions vous inviter à un entretien.", "invitation"),
        ("Hemos decidido continuar con otros candidatos.", "rejection"),
        ("Nos gustaría invitarte a una entrevista.", "invitation"),
        ("We hebben besloten om niet verder te gaan met je sollicitatie.", "rejection"),
        ("We willen je graag uitnodigen voor een gesprek.", "invitation"),
        ("", "other"),
        ("Hello, how are you?", "other"),
    ],
)
def test_phrases(text: str, kind: str) -> None:
    assert classify(mail(text)).kind == kind


def test_subject_counts() -> None:
    assert classify(mail("", subject="Absage")).kind == "rejection"
    assert classify(mail("Details to follow.", subject="Interview invitation")).kind == "invitation"


def test_contrast_decides_between_invitation_and_rejection() -> None:
    invitation = classify(mail("Great news: we'd like to move forward with you."))
    rejection = classify(mail("Sadly we'd like to move forward with other candidates."))
    assert (invitation.kind, rejection.kind) == ("invitation", "rejection")


def test_a_negation_in_another_clause_does_not_flip() -> None:
    text = "No doubt about it, we would like to invite you to an interview."
    assert classify(mail(text)).kind == "invitation"


def test_confirmation_with_a_polite_caveat_stays_other() -> None:
    text = (
        "Thank you for applying. We have received your application and our team will review it. "
        "Unfortunately, due to the volume of applications, we are not able to reply to each "
        "applicant individually at this time."
    )
    assert classify(mail(text)).kind == "other"


def test_evidence_lists_supporting_phrases_in_text_order() -> None:
    result = classify(
        mail("After careful consideration we have decided to go with another candidate. Sorry!")
    )
    assert result.kind == "rejection"
    assert result.evidence[0] == "After careful consideration"
    assert any("another candidate" in e for e in result.evidence)


def test_empty_mail_is_other_with_low_confidence() -> None:
    result = classify(ParsedEmail())
    assert result == Classification(kind="other", confidence=0.2, language="unknown")


def test_confidence_grows_with_evidence() -> None:
    weak = classify(mail("The position has been filled."))
    strong = classify(
        mail(
            "Unfortunately, we regret to inform you that the position has been filled and we have "
            "decided to move forward with other candidates."
        )
    )
    assert weak.kind == strong.kind == "rejection"
    assert strong.confidence > weak.confidence


# ---------------------------------------------------------------- language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Thank you for your application, we have decided to move on.", "en"),
        ("Vielen Dank für Ihre Bewerbung, leider haben wir uns anders entschieden.", "de"),
        ("Nous vous remercions pour votre candidature et avons le regret.", "fr"),
        ("Gracias por tu candidatura, lamentablemente hemos elegido a otra persona.", "es"),
        ("Bedankt voor je sollicitatie, helaas hebben wij een ander gekozen.", "nl"),
        ("OK", "unknown"),
        ("Dziękujemy za przesłanie aplikacji na stanowisko", "unknown"),
    ],
)
def test_language(text: str, language: str) -> None:
    assert detect_language(text) == language


# ---------------------------------------------------------------- company


@pytest.mark.parametrize(
    ("name", "domain", "company"),
    [
        ("Acme Careers", "acme.io", "Acme"),
        ("Greenhouse on behalf of Acme", "greenhouse-mail.io", "Acme"),
        ("Acme Corp via Greenhouse", "greenhouse-mail.io", "Acme Corp"),
        ("Globex Corporation (via Workday)", "myworkday.com", "Globex Corporation"),
        ("Quillfeather Hiring Team", "ashbyhq.com", "Quillfeather"),
        ("Brightwave", "lever.co", "Brightwave"),
        ("Jane Roe", "lever.co", None),
        ("Northwind Logistics", "northwind-logistics.com", "Northwind Logistics"),
        ("Marco Rossi", "tidepool.dev", None),
        ("Workday", "myworkday.com", None),
        ("LinkedIn Job Alerts", "linkedin.com", None),
        (None, "acme.io", None),
    ],
)
def test_company_from_display_name(name: str | None, domain: str, company: str | None) -> None:
    assert company_from_display_name(name, domain) == company


@pytest.mark.parametrize(
    ("subject", "text", "sender", "domain", "company"),
    [
        (
            "",
            "Kind regards,\nThe Northwind Logistics Talent Team",
            None,
            "gmail.com",
            "Northwind Logistics",
        ),
        ("", "Best regards,\nJane\nRecruiter at Acme", None, None, "Acme"),
        (
            "",
            "Mit freundlichen Grüßen\nKessler Maschinenbau GmbH\nPersonal",
            None,
            None,
            "Kessler Maschinenbau GmbH",
        ),
        ("Your application to Acme Corp", "Hi", None, None, "Acme Corp"),
        ("Acme: Senior Data Engineer", "Hi", None, None, "Acme"),
        ("Update", "Thank you for your interest in Brightwave.", None, None, "Brightwave"),
        ("Update", "Hi", "Acme Careers", "acme.io", "Acme"),
        ("Update", "Hi", "Jane Roe", "northwind-logistics.com", "Northwind Logistics"),
        ("Update", "Hi", "Jane Roe", "gmail.com", None),
        ("Update", "Hi", "Jane Roe", "greenhouse-mail.io", None),
    ],
)
def test_company_sources_in_order(
    subject: str, text: str, sender: str | None, domain: str | None, company: str | None
) -> None:
    assert find_company(subject, text, sender, domain) == company


# ---------------------------------------------------------------- role


@pytest.mark.parametrize(
    ("subject", "company", "role"),
    [
        (
            "Your application for Senior Data Engineer at Northwind Logistics",
            "Northwind Logistics",
            "Senior Data Engineer",
        ),
        ("Application for Backend Engineer", None, "Backend Engineer"),
        ("Data Engineer at Acme", "Acme", "Data Engineer"),
        ("Acme: Senior Data Engineer", "Acme", "Senior Data Engineer"),
        ("Marketing Manager \u2013 Pinecrest Health", "Pinecrest Health", "Marketing Manager"),
        ("Re: AW: Ihre Bewerbung als Projektleiter (m/w/d)", None, "Projektleiter"),
        ("Votre candidature au poste de Chef de projet", None, "Chef de projet"),
        (
            "Tu candidatura para Ingeniera de Datos en Soluciones Marea",
            "Soluciones Marea",
            "Ingeniera de Datos",
        ),
        ("Je sollicitatie bij Dijkstra Digital", "Dijkstra Digital", None),
        ("Update on your Quillfeather application", "Quillfeather", None),
        ("Update on your application", None, None),
        ("Thank you for applying (R-10234)", None, None),
    ],
)
def test_parse_subject(subject: str, company: str | None, role: str | None) -> None:
    assert parse_subject(subject) == (company, role)


@pytest.mark.parametrize(
    ("text", "role"),
    [
        (
            "Thank you for your interest in the Senior Data Engineer position.",
            "Senior Data Engineer",
        ),
        (
            "We are hiring for the role of Data Platform Engineer in Berlin.",
            "Data Platform Engineer",
        ),
        ("Vielen Dank für Ihre Bewerbung als Projektleiter (m/w/d) bei uns.", "Projektleiter"),
        ("Merci pour votre candidature au poste de Développeur Python.", "Développeur Python"),
        ("Gracias por tu interés en el puesto de Analista de Datos.", "Analista de Datos"),
        ("Bedankt voor je sollicitatie voor de functie van Data Analist.", "Data Analist"),
        ("Position: Financial Analyst (R-10234)", "Financial Analyst"),
        ("We have decided to fill the position internally.", None),
    ],
)
def test_role_from_body(text: str, role: str | None) -> None:
    assert classify(mail(text, subject="Update")).role == role


def test_clean_role_drops_gender_markers_and_requisition_ids() -> None:
    assert clean_role("Data Analyst (m/w/d)") == "Data Analyst"
    assert clean_role("Ingénieur DevOps (H/F)") == "Ingénieur DevOps"
    assert clean_role("Financial Analyst R-10234") == "Financial Analyst"
    assert clean_role("the coffee machine") is None


# ---------------------------------------------------------------- properties

_FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_words = st.sampled_from(
    [
        "we",
        "not",
        "unfortunately",
        "move",
        "forward",
        "with",
        "other",
        "candidates",
        "you",
        "your",
        "application",
        "invite",
        "interview",
        "offer",
        "pleased",
        "to",
        "the",
        "position",
        "has",
        "been",
        "filled",
        "leider",
        "nicht",
        "pas",
        "ne",
        "no",
        "niet",
        "calendly.com/",
        "Acme",
        "Corp",
        "Senior",
        "Data",
        "Engineer",
        "at",
        ".",
        ",",
        "!",
        "?",
        "\n",
        "-",
        ":",
        "(",
        ")",
        "Team",
        "of",
    ]
)


@_FUZZ
@given(st.text(max_size=1500), st.text(max_size=120), st.none() | st.text(max_size=40))
def test_classify_never_raises_on_arbitrary_text(
    text: str, subject: str, sender: str | None
) -> None:
    result = classify(ParsedEmail(subject=subject, text=text, sender_name=sender))
    assert result.kind in KINDS
    assert 0.0 <= result.confidence <= 1.0
    assert result.language in ("en", "de", "fr", "es", "nl", "unknown")


@_FUZZ
@given(st.lists(_words, max_size=200), st.lists(_words, max_size=12))
def test_classify_never_raises_on_rule_shaped_text(words: list[str], subject: list[str]) -> None:
    result = classify(ParsedEmail(subject=" ".join(subject), text=" ".join(words)))
    assert result.kind in KINDS
    assert 0.0 <= result.confidence <= 1.0
