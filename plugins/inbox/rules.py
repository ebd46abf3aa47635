"""The weighted phrase rules behind :func:`runnerup.plugins.inbox.classify.classify`.

Each rule is a regular expression (matched case-insensitively against the
subject and the newest message, with curly apostrophes straightened and line
breaks joined) and a weight. Weights follow one scale: 5 is a phrase that on
its own decides a mail ("we have decided to move forward with other
candidates"), 3-4 a strong hint, 1-2 a word that only tips a balance
("unfortunately", "congratulations"). Rules marked ``negatable`` are positive
phrases ("move forward with your application", "invite you to an interview",
"offer you") that count as rejection evidence instead when a negation such as
"not", "unable", "nicht", "pas", "no" or "niet" precedes them in the same
sentence.

Adding a rule: add it here, add a corpus mail under ``tests/inbox/corpus`` that
needs it, and keep the whole corpus green.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

Kind = Literal["rejection", "invitation", "offer", "other"]

# A gap inside one sentence: no sentence-ending punctuation in between.
_G = r"[^.!?]{0,80}?"
_CAND = r"(?:candidat\w*|applicants?|profiles?|individuals?|people|persons?|talent)"


class Rule(NamedTuple):
    """One phrase: the kind it supports, its weight, and whether a negation flips it."""

    kind: Kind
    weight: float
    pattern: re.Pattern[str]
    negatable: bool = False


def _r(kind: Kind, weight: float, pattern: str, *, negatable: bool = False) -> Rule:
    return Rule(kind, weight, re.compile(pattern, re.IGNORECASE), negatable)


REJECTION = "rejection"
INVITATION = "invitation"
OFFER = "offer"
OTHER = "other"

# Polite rejections rarely say "reject"; these are the forms they take instead.
_REJECTION_RULES = [
    # English
    _r(
        REJECTION,
        5,
        r"\b(?:move|moving|moved|go|going|gone|went|proceed\w*|continu\w*|progress\w*|pursu\w*)"
        r"(?: forward| ahead)? with (?:an?other|other|a different|different|a more|more|"
        r"the other|one of the other|someone|somebody)\b" + _G + r"\b(?:" + _CAND + r"|else)",
    ),
    _r(
        REJECTION,
        5,
        r"\b(?:decided|chosen|opted|elected|decision) (?:to )?(?:pursue|go with|proceed with|"
        r"move ahead with|continue with|select|hire|progress|offer the (?:role|position) to)"
        r" (?:an?other|other|a different|different|someone)",
    ),
    _r(
        REJECTION,
        5,
        r"(?:\bnot|n't|\bunable to|\bdecided against|\bno longer)\b(?: be| been| able to| in a position to)*"
        r" (?:progress\w*|proceed\w*|mov\w*|tak\w*|advanc\w*|continu\w*|consider\w*)"
        r"(?: forward| further| ahead)?(?: with)? (?:your|you\b)",
    ),
    _r(
        REJECTION,
        5,
        r"\b(?:position|role|vacancy|job|opening|post|req\w*) (?:has|have|is|was) (?:now |already |"
        r"since |recently |unfortunately )?(?:been )?(?:filled|closed|put on hold|cancelled)",
    ),
    _r(REJECTION, 5, r"\bwe(?: have|'ve)? (?:now |already )?filled (?:the|this|our) (?:position|role)"),
    _r(
        REJECTION,
        4,
        r"\bunfortunately\b[^.!?]{0,160}\bnot\b[^.!?]{0,120}"
        r"(?:at this (?:time|stage|point)|on this occasion|this time)",
    ),
    _r(
        REJECTION,
        5,
        r"(?:\bnot|n't|\bunable to|\bcannot)\b(?: be)?(?: able to| in a position to)? (?:offer|extend)"
        r"(?:ing)? you\b",
    ),
    _r(REJECTION, 4, r"\b(?:pursue|pursuing|go|going) (?:in )?(?:a )?different direction"),
    _r(REJECTION, 4, r"\bnot (?:been |be )?(?:selected|shortlisted|chosen|successful)\b"),
    _r(
        REJECTION,
        5,
        r"\b(?:application|candidacy|candidature) (?:has been|was|is|have been) unsuccessful",
    ),
    _r(REJECTION, 2, r"\bunsuccessful\b"),
    _r(REJECTION, 4, r"\bregret to (?:inform|let you know|tell you|advise|say)"),
    _r(REJECTION, 3, r"\bsorry to (?:inform|let you know|tell you|say)"),
    _r(REJECTION, 3, r"\bmore closely (?:match|matches|matched|align\w*|fit)"),
    _r(REJECTION, 4, r"\bno longer (?:being )?(?:considered|under consideration|in consideration)"),
    _r(REJECTION, 4, r"\bwe(?: have|'ve) (?:decided|chosen) not to\b"),
    _r(REJECTION, 5, r"\bdeclin\w* (?:your|the) (?:application|candidacy)"),
    _r(REJECTION, 3, r"\breject(?:ed|ion)?\b"),
    _r(REJECTION, 2, r"\bnot (?:the right|a (?:good |strong )?)(?:fit|match)\b"),
    _r(REJECTION, 1.5, r"\b(?:difficult|tough|hard) decision\b"),
    _r(REJECTION, 1, r"\bunfortunately\b"),
    _r(REJECTION, 1, r"\bafter careful (?:consideration|review|deliberation)"),
    _r(REJECTION, 1.5, r"\bwish(?:ing)? you (?:all the best|(?:the )?best of luck|every success|success|luck)"),
    _r(
        REJECTION,
        1.5,
        r"\b(?:keep|retain|hold) your (?:details|resume|résumé|cv|profile|information|application)"
        r" (?:on file|in (?:our|mind))",
    ),
    _r(REJECTION, 1, r"\bfuture (?:opportunities|openings|roles|positions|vacancies)\b"),
    # German
    _r(REJECTION, 5, r"\bfür (?:einen |eine )?(?:anderen|andere|anderer) (?:kandidat\w*|bewerber\w*|person)"),
    _r(REJECTION, 5, r"\b(?:anderen|andere) (?:kandidat\w*|bewerber\w*)" + _G + r"(?:vorzug|vorrang)"),
    _r(
        REJECTION,
        4,
        r"\b(?:nicht|keine?n?) (?:weiter |länger )?(?:berücksichtig\w*|in betracht|zusage|"
        r"positive\w* (?:nachricht|rückmeldung|bescheid|antwort))",
    ),
    _r(REJECTION, 4, r"\babsage\b"),
    _r(
        REJECTION,
        5,
        r"\b(?:stelle|position|vakanz) (?:wurde|ist|wurden|haben wir) (?:bereits |inzwischen |"
        r"mittlerweile |leider )?(?:besetzt|vergeben)",
    ),
    _r(REJECTION, 5, r"\b(?:anderweitig|bereits) (?:besetzt|vergeben)"),
    _r(REJECTION, 3, r"\bmüssen wir ihnen (?:leider )?mitteilen"),
    _r(REJECTION, 2, r"\bbedauer\w*"),
    _r(REJECTION, 4, r"\bnicht in die engere (?:auswahl|wahl)"),
    _r(REJECTION, 1, r"\bleider\b"),
    _r(REJECTION, 1.5, r"\b(?:viel erfolg|alles gute)\b" + _G + r"\b(?:weiter\w*|zukunft|suche|beruf\w*)"),
    # French
    _r(REJECTION, 5, r"\bretenu (?:une |un |d['’])?(?:autres?) (?:candidat\w*|profil\w*)"),
    _r(
        REJECTION,
        5,
        r"\b(?:poursuivre|continuer|avancer)(?: le processus)? avec (?:un |une |d['’])?autres?"
        r" (?:candidat\w*|profil\w*)",
    ),
    _r(REJECTION, 5, r"\b(?:pas|plus) (?:été )?retenue?s?\b"),
    _r(REJECTION, 5, r"\b(?:pas|ne) (?:pu |pouvons |pourrons |pas )*(?:donner )?(?:une )?suite (?:favorable|positive)"),
    _r(REJECTION, 5, r"\bne pas donner suite\b"),
    _r(REJECTION, 5, r"\bposte (?:a été|est) (?:déjà |désormais )?pourvu"),
    _r(REJECTION, 4, r"\b(?:avons le regret|regrettons de vous)"),
    _r(REJECTION, 1, r"\bmalheureusement\b"),
    _r(REJECTION, 1, r"\bbonne continuation\b"),
    # Spanish
    _r(
        REJECTION,
        5,
        r"\b(?:continuar|seguir|avanzar|proceder|continuamos|seguimos)\w* con (?:otros?|otras?)"
        r" (?:candidat\w*|perfil\w*|postulante\w*|personas?)",
    ),
    _r(REJECTION, 5, r"\bno (?:ha sido|has sido|fue|ha resultado|has resultado) (?:seleccionad\w*|elegid\w*)"),
    _r(
        REJECTION,
        5,
        r"\bno (?:vamos a |podemos |podremos )?(?:continuar|seguir|avanzar)\w* con (?:tu|su)"
        r" (?:candidatura|solicitud|proceso|perfil)",
    ),
    _r(REJECTION, 5, r"\b(?:puesto|vacante|posición) (?:ya )?(?:ha sido|fue) (?:cubiert[oa]|ocupad[oa])"),
    _r(REJECTION, 4, r"\blamentamos (?:informar|comunicar|decir)\w*"),
    _r(REJECTION, 1, r"\b(?:lamentablemente|desafortunadamente)\b"),
    # Dutch
    _r(REJECTION, 5, r"\bbesloten\b" + _G + r"\bniet verder\b"),
    _r(REJECTION, 4, r"\bniet verder (?:gaan|te gaan|met (?:je|jouw|uw))"),
    _r(REJECTION, 4, r"\b(?:een )?andere (?:kandida\w*|sollicitant\w*)"),
    _r(REJECTION, 5, r"\b(?:functie|vacature) is (?:inmiddels |al |reeds )?(?:vervuld|ingevuld)"),
    _r(REJECTION, 4, r"\bafwijzing\b"),
    _r(REJECTION, 4, r"\bniet (?:geselecteerd|uitgenodigd)\b"),
    _r(REJECTION, 3, r"\bteleurstell\w*"),
    _r(REJECTION, 1, r"\bhelaas\b"),
]

_INTERVIEW = (
    r"(?:interview\w*|call|chat|conversation|meeting|round|stage|on-?site|video|phone|zoom|"
    r"teams|assessment|coffee|screen\w*)"
)

_INVITATION_RULES = [
    # English
    _r(
        INVITATION,
        5,
        r"\binvit\w* you (?:to|for) " + _G + _INTERVIEW,
        negatable=True,
    ),
    _r(INVITATION, 2, r"\b(?:would|'d) (?:like|love) to invite you\b", negatable=True),
    _r(
        INVITATION,
        4,
        r"\b(?:schedule|book|set up|arrange|organi[sz]e|find)(?: a time for)? (?:an? |the |your |"
        r"some )?(?:\w+ ){0,2}(?:call|chat|interview|meeting|time|slot|conversation|phone screen)\b",
        negatable=True,
    ),
    _r(INVITATION, 4, r"\bavailability for (?:an? |the |your )?(?:\w+ )?" + _INTERVIEW),
    _r(
        INVITATION,
        3,
        r"\b(?:your|share your|send (?:me|us) your|let (?:me|us) know your|with your) availability",
    ),
    _r(INVITATION, 3, r"\bwhen (?:are|would|will) you (?:be )?(?:available|free)"),
    _r(INVITATION, 3, r"\b(?:times?|slots?|days?) (?:that )?(?:works?|suits?) (?:best )?for you"),
    _r(INVITATION, 4, r"\bcalendly\.com/"),
    _r(
        INVITATION,
        3,
        r"(?:goodtime\.io|app\.greenhouse\.io/(?:interview|schedul)|\bcal\.com/|zcal\.co/|"
        r"savvycal\.com/|/meetings/|outlook\.office365?\.com/(?:book|owa/calendar)|"
        r"calendar\.app\.google|doodle\.com/)",
    ),
    _r(
        INVITATION,
        4,
        r"\b(?:move|moving|proceed\w*|progress\w*|advanc\w*|tak\w*|invit\w*)(?: you| your application)?"
        r"(?: forward| ahead| further)? (?:to|into|for) the next (?:stage|step|round|phase)",
        negatable=True,
    ),
    _r(
        INVITATION,
        5,
        r"\b(?:like|happy|pleased|excited|glad|love) to (?:move|moving|proceed|go) (?:forward|ahead)"
        r" with (?:you|your application|your candidacy)\b",
        negatable=True,
    ),
    _r(
        INVITATION,
        3,
        r"\b(?:move|moving|proceed|proceeding|go|going) (?:forward|ahead) with (?:you|your application|"
        r"your candidacy)\b",
        negatable=True,
    ),
    _r(INVITATION, 4, r"\binterview invitation\b|\binvitation (?:to|for) (?:an? |your )?(?:\w+ )?interview"),
    _r(
        INVITATION,
        3,
        r"\b(?:like|love|keen|happy|pleased) to (?:speak|talk|chat|meet) (?:with |to )?you\b",
        negatable=True,
    ),
    _r(INVITATION, 2, r"\bmeet the team\b", negatable=True),
    # German
    _r(
        INVITATION,
        5,
        r"\b(?:zu einem|zum|zu einer)\s(?:\w+\s){0,2}(?:vorstellungsgespräch|gespräch|interview|"
        r"kennenlerngespräch|telefonat|videocall|video-call|termin|austausch)" + _G + r"einladen",
        negatable=True,
    ),
    _r(INVITATION, 4, r"\b(?:laden|lädt) (?:wir )?(?:sie|dich) (?:gerne |herzlich )?(?:zu|zum|ein)\b", negatable=True),
    _r(
        INVITATION,
        5,
        r"\beinladung (?:zu[mr]?|für) (?:einem |einen |ein )?(?:\w+ )?(?:vorstellungsgespräch|gespräch|interview)",
    ),
    _r(INVITATION, 3, r"\bterminvorschl\w*|\bwann (?:hätten|haben) sie zeit\b|\bihre verfügbarkeit"),
    _r(INVITATION, 2, r"\bpersönlich kennenlernen|\bgerne kennenlernen", negatable=True),
    # French
    _r(
        INVITATION,
        5,
        r"\b(?:vous inviter|vous convier|t'inviter) à (?:un |une )?(?:\w+ )?(?:entretien|échange|"
        r"rencontre|entrevue|appel)",
        negatable=True,
    ),
    _r(INVITATION, 4, r"\b(?:souhait\w*|aimerions|voudrions) vous rencontrer", negatable=True),
    _r(INVITATION, 3, r"\bvos disponibilités\b|\bvotre disponibilité\b"),
    _r(INVITATION, 4, r"\b(?:invitation|convocation) à (?:un |une )?(?:\w+ )?entretien"),
    # Spanish
    _r(
        INVITATION,
        5,
        r"\binvitar(?:te|le|lo|la|os) a (?:una |un )?(?:\w+ )?(?:entrevista|llamada|reunión|conversación)",
        negatable=True,
    ),
    _r(INVITATION, 3, r"\b(?:tu|su) disponibilidad\b"),
    _r(INVITATION, 4, r"\b(?:agendar|programar|concertar) (?:una |la )?(?:\w+ )?(?:entrevista|llamada|reunión)"),
    _r(INVITATION, 4, r"\binvitación a (?:una )?(?:\w+ )?entrevista"),
    _r(INVITATION, 2, r"\bsiguiente (?:fase|etapa)\b", negatable=True),
    # Dutch
    _r(
        INVITATION,
        5,
        r"\b(?:uitnodigen|uit te nodigen) voor (?:een |het |de )?(?:\w+ )?(?:gesprek|sollicitatiegesprek|"
        r"kennismakingsgesprek|interview|videogesprek)",
        negatable=True,
    ),
    _r(INVITATION, 5, r"\buitnodiging voor (?:een |het )?(?:\w+ )?(?:gesprek|sollicitatiegesprek|interview)"),
    _r(INVITATION, 3, r"\bje beschikbaarheid\b|\buw beschikbaarheid\b|\bwanneer (?:heb|ben) je (?:tijd|beschikbaar)"),
    _r(INVITATION, 2, r"\bkennismaken\b", negatable=True),
    _r(INVITATION, 2, r"\bvolgende (?:ronde|stap|fase)\b", negatable=True),
]

_OFFER_RULES = [
    # English
    _r(
        OFFER,
        6,
        r"\b(?:pleased|delighted|happy|thrilled|excited|glad) to (?:formally )?(?:offer you|extend"
        r" (?:you )?(?:an? |this |the |our )?(?:formal |verbal |written )?offer)",
        negatable=True,
    ),
    _r(OFFER, 5, r"\bmake you an offer\b|\bextend(?:ing)? (?:you )?an offer\b", negatable=True),
    _r(
        OFFER,
        4,
        r"\b(?:offer letter|offer of employment|employment offer|formal offer|written offer|"
        r"verbal offer|job offer)\b(?!s)",
        negatable=True,
    ),
    _r(OFFER, 3, r"\bcompensation package\b"),
    _r(OFFER, 2, r"\b(?:base salary|signing bonus|sign-on bonus|equity grant|stock options|start date)\b"),
    _r(OFFER, 3, r"\b(?:accept|sign|review|countersign) (?:the|this|our|your) offer\b"),
    _r(OFFER, 3, r"\boffer (?:is )?(?:valid|expires|open|stands) (?:until|through|for)\b"),
    _r(OFFER, 2, r"\bcongratulations\b"),
    # German
    _r(OFFER, 4, r"\b(?:vertragsangebot|angebot (?:unterbreiten|machen|zukommen)|arbeitsvertrag)\b", negatable=True),
    _r(OFFER, 5, r"\bfreuen uns" + _G + r"(?:angebot|zusage|anzubieten)", negatable=True),
    _r(OFFER, 2, r"\b(?:jahresgehalt|bruttogehalt|eintrittsdatum|startdatum)\b"),
    _r(OFFER, 2, r"\bherzlichen glückwunsch\b"),
    # French
    _r(OFFER, 5, r"\b(?:promesse|proposition) d['’]embauche\b"),
    _r(OFFER, 5, r"\b(?:heureux|heureuse|ravis?|plaisir) de vous (?:proposer|offrir)", negatable=True),
    _r(OFFER, 2, r"\b(?:rémunération|salaire annuel|date de début|date d['’]arrivée)\b"),
    _r(OFFER, 2, r"\bfélicitations\b"),
    # Spanish
    _r(OFFER, 5, r"\b(?:complace|alegra|encanta)\w*" + _G + r"(?:ofrecer\w*|una oferta)", negatable=True),
    _r(OFFER, 4, r"\b(?:carta oferta|oferta formal|carta de oferta)\b"),
    _r(OFFER, 2, r"\b(?:paquete de compensación|salario bruto|fecha de incorporación)\b"),
    _r(OFFER, 2, r"\b(?:enhorabuena|felicidades)\b"),
    # Dutch
    _r(OFFER, 4, r"\b(?:arbeidsvoorwaarden|contractvoorstel|aanbiedingsbrief|arbeidsovereenkomst)\b"),
    _r(OFFER, 5, r"\b(?:blij|verheugd|graag)\b" + _G + r"\b(?:aanbod|aan te bieden)\b", negatable=True),
    _r(OFFER, 2, r"\bgefeliciteerd\b"),
]

# "Other" is a kind with its own evidence: a confirmation or a job alert names
# applications and roles too, and must not read as a decision.
_OTHER_RULES = [
    _r(OTHER, 1.5, r"\b(?:thank you|thanks) for (?:applying|your application|your interest)"),
    _r(
        OTHER,
        4,
        r"\b(?:we(?: have|'ve)?|has been|have) (?:successfully )?received your application\b|"
        r"\bapplication (?:has been|was|is) (?:successfully )?(?:received|submitted)\b",
    ),
    _r(
        OTHER,
        3,
        r"\b(?:we|our team|the team|the hiring team|a recruiter|our recruiters)(?: will| are going to|"
        r" are currently)(?: now)?(?: carefully)? (?:review|be reviewing|look at|assess|evaluate|"
        r"reviewing)\b",
    ),
    _r(
        OTHER,
        3,
        r"\bif (?:your|you(?:r)?) (?:qualifications|skills|experience|profile|background)" + _G
        + r"(?:match|meet|align|fit)",
    ),
    _r(OTHER, 2, r"\b(?:we|someone|a recruiter|a member of our team) will (?:be in touch|get back to you|contact you|reach out)"),
    _r(OTHER, 3, r"\bapplication (?:confirmation|received)\b"),
    _r(OTHER, 1, r"\bdue to the (?:high|large) (?:volume|number) of applica\w*"),
    _r(OTHER, 4, r"\b(?:wir haben|haben wir) ihre (?:bewerbung|unterlagen)" + _G + r"(?:erhalten|bekommen)"),
    _r(OTHER, 4, r"\beingangsbestätigung\b|\beingang ihrer bewerbung"),
    _r(OTHER, 2, r"\b(?:werden|wir)\b" + _G + r"\b(?:prüfen|sichten)\b"),
    _r(OTHER, 4, r"\baccusons (?:bonne )?réception\b|\b(?:avons )?bien reçu votre candidature"),
    _r(OTHER, 2, r"\b(?:étudier|étudierons|examiner|examinerons)\b" + _G + r"\b(?:candidature|profil)"),
    _r(OTHER, 4, r"\bhemos recibido (?:tu|su) (?:candidatura|solicitud)"),
    _r(OTHER, 2, r"\brevisaremos\b"),
    _r(OTHER, 4, r"\b(?:hebben|is) (?:je|jouw|uw) sollicitatie (?:in goede orde )?ontvangen"),
    _r(OTHER, 3, r"\bin goede orde ontvangen\b"),
    # Alerts and newsletters
    _r(OTHER, 4, r"\bjob ?alerts?\b"),
    _r(
        OTHER,
        4,
        r"\b(?:new jobs? (?:for you|matching|that match)|jobs (?:for you|matching your|you may be"
        r" interested)|recommended jobs?|similar jobs|jobs you might like|recommended for you)\b",
    ),
    _r(OTHER, 4, r"\b(?:neue|passende) (?:jobs|stellen\w*)\b|\bnouvelles offres\b|\bnuevas ofertas\b|\bnieuwe vacatures\b"),
    _r(
        OTHER,
        2,
        r"\bunsubscribe\b|\babmelden\b|\bse désabonner\b|\bdésinscri\w*|\bdarse de baja\b|"
        r"\bcancelar (?:la )?suscripción\b|\bafmelden\b|\buitschrijven\b",
    ),
    _r(OTHER, 3, r"\bnewsletter\b"),
    _r(OTHER, 1.5, r"\bview (?:this email )?in (?:your )?browser\b"),
    _r(OTHER, 3, r"\b(?:webinar|careers? fair|job fair|open day|meetup|hackathon|virtual event)\b"),
    _r(OTHER, 1.5, r"\bapply now\b|\bjetzt bewerben\b|\bpostuler maintenant\b|\bpostúlate\b|\bsolliciteer nu\b"),
]

RULES: tuple[Rule, ...] = tuple(_REJECTION_RULES + _INVITATION_RULES + _OFFER_RULES + _OTHER_RULES)

# Negation cues looked for just before a negatable phrase, within its sentence.
NEGATION = re.compile(
    r"\b(?:not|never|unable|cannot|nicht|kein\w*|nie|pas|ne|jamais|no|nunca|niet|geen|nooit)\b"
    r"|n't\b|\bn'(?=\w)",
    re.IGNORECASE,
)
# A negation only counts within the clause of the phrase it negates.
CLAUSE_BREAK = re.compile(r"[.!?;:,]|\b(?:but|however|aber|jedoch|mais|pero|maar)\b", re.IGNORECASE)
NEGATION_WINDOW = 60
