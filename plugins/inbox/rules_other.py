"""Phrases of mail that decides nothing: confirmations, job alerts, newsletters."""

from __future__ import annotations

from .rule import GAP, OTHER, rule

# "Other" is a kind with its own evidence: a confirmation or a job alert names
# applications and roles too, and must not read as a decision.
OTHER_RULES = [
    rule(OTHER, 1.5, r"\b(?:thank you|thanks) for (?:applying|your application|your interest)"),
    rule(
        OTHER,
        4,
        r"\b(?:we(?: have|'ve)?|has been|have) (?:successfully )?received your application\b|"
        r"\bapplication (?:has been|was|is) (?:successfully )?(?:received|submitted)\b",
    ),
    rule(
        OTHER,
        3,
        r"\b(?:we|(?:our|the)(?: \w+)? (?:team|recruiters?)|a recruiter)(?: will| are going to|"
        r" are currently)(?: now)?(?: carefully)? (?:review|be reviewing|look at|assess|evaluate|"
        r"reviewing)\b",
    ),
    rule(
        OTHER,
        3,
        r"\bif (?:your|you(?:r)?) (?:qualifications|skills|experience|profile|background)"
        + GAP
        + r"(?:match|meet|align|fit)",
    ),
    rule(
        OTHER,
        2,
        r"\b(?:we|someone|a recruiter|a member of our team) will (?:be in touch"
        r"|get back to you|contact you|reach out)",
    ),
    rule(OTHER, 3, r"\bapplication (?:confirmation|received)\b"),
    rule(OTHER, 1, r"\bdue to the (?:high |large )?(?:volume|number) of applica\w*"),
    rule(
        OTHER,
        3,
        r"\b(?:respond|reply|answer)\w* to (?:each|every|all)\b" + GAP + r"\bindividually\b",
    ),
    rule(
        OTHER,
        2,
        r"\b(?:check|track|follow) the status of your application|\bcandidate (?:home|portal)\b",
    ),
    rule(
        OTHER,
        4,
        r"\b(?:wir haben|haben wir) ihre (?:bewerbung|unterlagen)" + GAP + r"(?:erhalten|bekommen)",
    ),
    rule(OTHER, 4, r"\beingangsbestätigung\b|\beingang ihrer bewerbung"),
    rule(OTHER, 2, r"\b(?:werden|wir)\b" + GAP + r"\b(?:prüfen|sichten)\b"),
    rule(OTHER, 4, r"\baccusons (?:bonne )?réception\b|\b(?:avons )?bien reçu votre candidature"),
    rule(
        OTHER,
        2,
        r"\b(?:étudier|étudierons|examiner|examinerons)\b" + GAP + r"\b(?:candidature|profil)",
    ),
    rule(OTHER, 4, r"\bhemos recibido (?:tu|su) (?:candidatura|solicitud)"),
    rule(OTHER, 2, r"\brevisaremos\b"),
    rule(OTHER, 4, r"\b(?:hebben|is) (?:je|jouw|uw) sollicitatie (?:in goede orde )?ontvangen"),
    rule(OTHER, 3, r"\bin goede orde ontvangen\b"),
    # Alerts and newsletters
    rule(OTHER, 4, r"\bjob ?alerts?\b"),
    rule(
        OTHER,
        4,
        r"\b(?:new jobs? (?:for you|matching|that match)|jobs (?:for you|matching your|you may be"
        r" interested)|recommended jobs?|similar jobs|jobs you might like|recommended for you)\b",
    ),
    rule(
        OTHER,
        4,
        r"\b(?:neue|passende) (?:jobs|stellen\w*)\b|\bnouvelles offres\b|\bnuevas ofertas\b"
        r"|\bnieuwe vacatures\b",
    ),
    rule(
        OTHER,
        2,
        r"\bunsubscribe\b|\babmelden\b|\bse désabonner\b|\bdésinscri\w*|\bdarse de baja\b|"
        r"\bcancelar (?:la )?suscripción\b|\bafmelden\b|\buitschrijven\b",
    ),
    rule(OTHER, 3, r"\bnewsletter\b"),
    rule(OTHER, 1.5, r"\bview (?:this email )?in (?:your )?browser\b"),
    rule(
        OTHER, 3, r"\b(?:webinar|careers? fair|job fair|open day|meetup|hackathon|virtual event)\b"
    ),
    rule(
        OTHER,
        1.5,
        r"\bapply now\b|\bjetzt bewerben\b|\bpostuler maintenant\b|\bpostúlate\b"
        r"|\bsolliciteer nu\b",
    ),
]
