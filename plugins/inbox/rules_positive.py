"""Invitation and offer phrases; most are negatable ("not ... invite you" is a rejection)."""

from __future__ import annotations

from .rule import GAP, INVITATION, OFFER, rule

_INTERVIEW = (
    r"(?:interview\w*|call|chat|conversation|meeting|round|stage|on-?site|video|phone|zoom|"
    r"teams|assessment|coffee|screen\w*)"
)

INVITATION_RULES = [
    # English
    rule(
        INVITATION,
        5,
        r"\binvit\w* you (?:to|for) " + GAP + _INTERVIEW,
        negatable=True,
    ),
    rule(INVITATION, 2, r"\b(?:would|'d) (?:like|love) to invite you\b", negatable=True),
    rule(
        INVITATION,
        4,
        r"\b(?:schedule|book|set up|arrange|organi[sz]e|find)(?: a time for)? (?:an? |the |your |"
        r"some )?(?:\w+ ){0,2}(?:call|chat|interview|meeting|time|slot|conversation"
        r"|phone screen)\b",
        negatable=True,
    ),
    rule(INVITATION, 4, r"\bavailability for (?:an? |the |your )?(?:\w+ )?" + _INTERVIEW),
    rule(
        INVITATION,
        3,
        r"\b(?:your|share your|send (?:me|us) your|let (?:me|us) know your|with your) availability",
    ),
    rule(INVITATION, 3, r"\bwhen (?:are|would|will) you (?:be )?(?:available|free)"),
    rule(INVITATION, 3, r"\b(?:times?|slots?|days?) (?:that )?(?:works?|suits?) (?:best )?for you"),
    rule(INVITATION, 4, r"\bcalendly\.com/"),
    rule(
        INVITATION,
        3,
        r"(?:goodtime\.io|app\.greenhouse\.io/(?:interview|schedul)|\bcal\.com/|zcal\.co/|"
        r"savvycal\.com/|/meetings/|outlook\.office365?\.com/(?:book|owa/calendar)|"
        r"calendar\.app\.google|doodle\.com/)",
    ),
    rule(
        INVITATION,
        4,
        r"\b(?:move|moving|proceed\w*|progress\w*|advanc\w*|tak\w*|invit\w*)(?: you"
        r"| your application)?"
        r"(?: forward| ahead| further)? (?:to|into|for) the next (?:stage|step|round|phase)",
        negatable=True,
    ),
    rule(
        INVITATION,
        5,
        r"\b(?:like|happy|pleased|excited|glad|love) to (?:move|moving|proceed|go) (?:forward"
        r"|ahead)"
        r" with (?:you|your application|your candidacy)\b",
        negatable=True,
    ),
    rule(
        INVITATION,
        3,
        r"\b(?:move|moving|proceed|proceeding|go|going) (?:forward|ahead) with (?:you"
        r"|your application|"
        r"your candidacy)\b",
        negatable=True,
    ),
    rule(
        INVITATION,
        4,
        r"\binterview invitation\b|\binvitation (?:to|for) (?:an? |your )?(?:\w+ )?interview",
    ),
    rule(
        INVITATION,
        3,
        r"\b(?:like|love|keen|happy|pleased) to (?:speak|talk|chat|meet) (?:with |to )?you\b",
        negatable=True,
    ),
    rule(INVITATION, 2, r"\bmeet the team\b", negatable=True),
    # German
    rule(
        INVITATION,
        5,
        r"\b(?:zu einem|zum|zu einer)\s(?:\w+\s){0,2}(?:vorstellungsgespräch|gespräch|interview|"
        r"kennenlerngespräch|telefonat|videocall|video-call|termin|austausch)" + GAP + r"einladen",
        negatable=True,
    ),
    rule(
        INVITATION,
        4,
        r"\b(?:laden|lädt) (?:wir )?(?:sie|dich) (?:gerne |herzlich )?(?:zu|zum|ein)\b",
        negatable=True,
    ),
    rule(
        INVITATION,
        5,
        r"\beinladung (?:zu[mr]?|für) (?:einem |einen |ein )?(?:\w+ )?(?:vorstellungsgespräch"
        r"|gespräch|interview)",
    ),
    rule(
        INVITATION, 3, r"\bterminvorschl\w*|\bwann (?:hätten|haben) sie zeit\b|\bihre verfügbarkeit"
    ),
    rule(INVITATION, 2, r"\bpersönlich kennenlernen|\bgerne kennenlernen", negatable=True),
    # French
    rule(
        INVITATION,
        5,
        r"\b(?:vous inviter|vous convier|t'inviter) à (?:un |une )?(?:\w+ )?(?:entretien|échange|"
        r"rencontre|entrevue|appel)",
        negatable=True,
    ),
    rule(INVITATION, 4, r"\b(?:souhait\w*|aimerions|voudrions) vous rencontrer", negatable=True),
    rule(INVITATION, 3, r"\bvos disponibilités\b|\bvotre disponibilité\b"),
    rule(INVITATION, 4, r"\b(?:invitation|convocation) à (?:un |une )?(?:\w+ )?entretien"),
    # Spanish
    rule(
        INVITATION,
        5,
        r"\binvitar(?:te|le|lo|la|os) a (?:una |un )?(?:\w+ )?(?:entrevista|llamada|reunión"
        r"|conversación)",
        negatable=True,
    ),
    rule(INVITATION, 3, r"\b(?:tu|su) disponibilidad\b"),
    rule(
        INVITATION,
        4,
        r"\b(?:agendar|programar|concertar) (?:una |la )?(?:\w+ )?(?:entrevista|llamada|reunión)",
    ),
    rule(INVITATION, 4, r"\binvitación a (?:una )?(?:\w+ )?entrevista"),
    rule(INVITATION, 2, r"\bsiguiente (?:fase|etapa)\b", negatable=True),
    # Dutch
    rule(
        INVITATION,
        5,
        r"\b(?:uitnodigen|uit te nodigen) voor (?:een |het |de )?(?:\w+ )?(?:gesprek"
        r"|sollicitatiegesprek|"
        r"kennismakingsgesprek|interview|videogesprek)",
        negatable=True,
    ),
    rule(
        INVITATION,
        5,
        r"\buitnodiging voor (?:een |het )?(?:\w+ )?(?:gesprek|sollicitatiegesprek|interview)",
    ),
    rule(
        INVITATION,
        3,
        r"\bje beschikbaarheid\b|\buw beschikbaarheid\b|\bwanneer (?:heb|ben) je (?:tijd"
        r"|beschikbaar)",
    ),
    rule(INVITATION, 2, r"\bkennismaken\b", negatable=True),
    rule(INVITATION, 2, r"\bvolgende (?:ronde|stap|fase)\b", negatable=True),
]

OFFER_RULES = [
    # English
    rule(
        OFFER,
        6,
        r"\b(?:pleased|delighted|happy|thrilled|excited|glad) to (?:formally )?(?:offer you|extend"
        r" (?:you )?(?:an? |this |the |our )?(?:formal |verbal |written )?offer)",
        negatable=True,
    ),
    rule(OFFER, 5, r"\bmake you an offer\b|\bextend(?:ing)? (?:you )?an offer\b", negatable=True),
    rule(
        OFFER,
        4,
        r"\b(?:offer letter|offer of employment|employment offer|formal offer|written offer|"
        r"verbal offer|job offer)\b(?!s)",
        negatable=True,
    ),
    rule(OFFER, 3, r"\bcompensation package\b"),
    rule(
        OFFER,
        2,
        r"\b(?:base salary|signing bonus|sign-on bonus|equity grant|stock options|start date)\b",
    ),
    rule(OFFER, 3, r"\b(?:accept|sign|review|countersign) (?:the|this|our|your) offer\b"),
    rule(OFFER, 3, r"\boffer (?:is )?(?:valid|expires|open|stands) (?:until|through|for)\b"),
    rule(OFFER, 2, r"\bcongratulations\b"),
    # German
    rule(
        OFFER,
        4,
        r"\b(?:vertragsangebot|angebot (?:unterbreiten|machen|zukommen)|arbeitsvertrag)\b",
        negatable=True,
    ),
    rule(OFFER, 5, r"\bfreuen uns" + GAP + r"(?:angebot|zusage|anzubieten)", negatable=True),
    rule(OFFER, 2, r"\b(?:jahresgehalt|bruttogehalt|eintrittsdatum|startdatum)\b"),
    rule(OFFER, 2, r"\bherzlichen glückwunsch\b"),
    # French
    rule(OFFER, 5, r"\b(?:promesse|proposition) d['\u2019]embauche\b"),
    rule(
        OFFER,
        5,
        r"\b(?:heureux|heureuse|ravis?|plaisir) de vous (?:proposer|offrir)",
        negatable=True,
    ),
    rule(OFFER, 2, r"\b(?:rémunération|salaire annuel|date de début|date d['\u2019]arrivée)\b"),
    rule(OFFER, 2, r"\bfélicitations\b"),
    # Spanish
    rule(
        OFFER,
        5,
        r"\b(?:complace|alegra|encanta)\w*" + GAP + r"(?:ofrecer\w*|una oferta)",
        negatable=True,
    ),
    rule(OFFER, 4, r"\b(?:carta oferta|oferta formal|carta de oferta)\b"),
    rule(OFFER, 2, r"\b(?:paquete de compensación|salario bruto|fecha de incorporación)\b"),
    rule(OFFER, 2, r"\b(?:enhorabuena|felicidades)\b"),
    # Dutch
    rule(
        OFFER,
        4,
        r"\b(?:arbeidsvoorwaarden|contractvoorstel|aanbiedingsbrief|arbeidsovereenkomst)\b",
    ),
    rule(
        OFFER,
        5,
        r"\b(?:blij|verheugd|graag)\b" + GAP + r"\b(?:aanbod|aan te bieden)\b",
        negatable=True,
    ),
    rule(OFFER, 2, r"\bgefeliciteerd\b"),
]
