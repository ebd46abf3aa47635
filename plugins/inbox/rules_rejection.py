"""Rejection phrases in five languages, polite forms first: they rarely say "reject"."""

from __future__ import annotations

from .rule import CANDIDATE, GAP, REJECTION, rule

# Polite rejections rarely say "reject"; these are the forms they take instead.
REJECTION_RULES = [
    # English
    rule(
        REJECTION,
        5,
        r"\b(?:move|moving|moved|go|going|gone|went|proceed\w*|continu\w*|progress\w*|pursu\w*)"
        r"(?: forward| ahead)? with (?:an?other|other|a different|different|a more|more|"
        r"the other|one of the other|someone|somebody)\b" + GAP + r"\b(?:" + CANDIDATE + r"|else)",
    ),
    rule(
        REJECTION,
        5,
        r"\b(?:decided|chosen|opted|elected|decision) (?:to )?(?:pursue|go with|proceed with|"
        r"move ahead with|continue with|select|hire|progress|offer the (?:role|position) to)"
        r" (?:an?other|other|a different|different|someone)",
    ),
    rule(
        REJECTION,
        5,
        r"(?:\bnot|n't|\bunable to|\bdecided against|\bno longer)\b(?: be| been| able to"
        r"| in a position to| to)*"
        r" (?:progress\w*|proceed\w*|mov\w*|tak\w*|advanc\w*|continu\w*|consider\w*)"
        r"(?: forward| further| ahead)?(?: with)? (?:your|you\b)",
    ),
    rule(
        REJECTION,
        5,
        r"\b(?:position|role|vacancy|job|opening|post|req\w*) (?:has|have|is|was) (?:now |already |"
        r"since |recently |unfortunately )?(?:been )?(?:filled|closed|put on hold|cancelled)",
    ),
    rule(
        REJECTION,
        5,
        r"\bwe(?: have|'ve)? (?:now |already )?filled (?:the|this|our) (?:position|role)",
    ),
    rule(
        REJECTION,
        4,
        r"\bunfortunately\b[^.!?]{0,160}\bnot\b[^.!?]{0,120}"
        r"(?:at this (?:time|stage|point)|on this occasion|this time)",
    ),
    rule(
        REJECTION,
        5,
        r"(?:\bnot|n't|\bunable to|\bcannot)\b(?: be)?(?: able to| in a position to)? (?:offer"
        r"|extend)"
        r"(?:ing)? you\b",
    ),
    rule(REJECTION, 4, r"\b(?:pursue|pursuing|go|going) (?:in )?(?:a )?different direction"),
    rule(REJECTION, 4, r"\bnot (?:been |be )?(?:selected|shortlisted|chosen|successful)\b"),
    rule(
        REJECTION,
        5,
        r"\b(?:application|candidacy|candidature) (?:has been|was|is|have been) unsuccessful",
    ),
    rule(REJECTION, 2, r"\bunsuccessful\b"),
    rule(REJECTION, 4, r"\bregret to (?:inform|let you know|tell you|advise|say)"),
    rule(REJECTION, 3, r"\bsorry to (?:inform|let you know|tell you|say)"),
    rule(REJECTION, 3, r"\bmore closely (?:match|matches|matched|align\w*|fit)"),
    rule(
        REJECTION, 4, r"\bno longer (?:being )?(?:considered|under consideration|in consideration)"
    ),
    rule(REJECTION, 4, r"\b(?:have|has|'ve|we) (?:decided|chosen|opted) not to\b"),
    rule(REJECTION, 5, r"\bdeclin\w* (?:your|the) (?:application|candidacy)"),
    rule(REJECTION, 3, r"\breject(?:ed|ion)?\b"),
    rule(REJECTION, 2, r"\bnot (?:the right|a (?:good |strong )?)(?:fit|match)\b"),
    rule(REJECTION, 1.5, r"\b(?:difficult|tough|hard) decision\b"),
    rule(REJECTION, 1, r"\bunfortunately\b"),
    rule(REJECTION, 1, r"\bafter careful (?:consideration|review|deliberation)"),
    rule(
        REJECTION,
        1.5,
        r"\bwish(?:ing)? you (?:all the best|(?:the )?best of luck|every success|success|luck)",
    ),
    rule(
        REJECTION,
        1.5,
        r"\b(?:keep|retain|hold) your (?:details|resume|résumé|cv|profile|information|application)"
        r" (?:on file|in (?:our|mind))",
    ),
    rule(REJECTION, 1, r"\bfuture (?:opportunities|openings|roles|positions|vacancies)\b"),
    # German
    rule(
        REJECTION,
        5,
        r"\bfür (?:einen |eine )?(?:anderen|andere|anderer) (?:kandidat\w*|bewerber\w*|person)",
    ),
    rule(
        REJECTION,
        5,
        r"\b(?:anderen|andere) (?:kandidat\w*|bewerber\w*)" + GAP + r"(?:vorzug|vorrang)",
    ),
    rule(
        REJECTION,
        4,
        r"\b(?:nicht|keine?n?) (?:weiter |länger )?(?:berücksichtig\w*|in betracht|zusage|"
        r"positive\w* (?:nachricht|rückmeldung|bescheid|antwort))",
    ),
    rule(REJECTION, 4, r"\babsage\b"),
    rule(
        REJECTION,
        5,
        r"\b(?:stelle|position|vakanz) (?:wurde|ist|wurden|haben wir) (?:bereits |inzwischen |"
        r"mittlerweile |leider )?(?:besetzt|vergeben)",
    ),
    rule(REJECTION, 5, r"\b(?:anderweitig|bereits) (?:besetzt|vergeben)"),
    rule(REJECTION, 3, r"\bmüssen wir ihnen (?:leider )?mitteilen"),
    rule(REJECTION, 2, r"\bbedauer\w*"),
    rule(REJECTION, 4, r"\bnicht in die engere (?:auswahl|wahl)"),
    rule(REJECTION, 1, r"\bleider\b"),
    rule(
        REJECTION,
        1.5,
        r"\b(?:viel erfolg|alles gute)\b" + GAP + r"\b(?:weiter\w*|zukunft|suche|beruf\w*)",
    ),
    # French
    rule(REJECTION, 5, r"\bretenu (?:une |un |d['\u2019])?(?:autres?) (?:candidat\w*|profil\w*)"),
    rule(
        REJECTION,
        5,
        r"\b(?:poursuivre|continuer|avancer)(?: le processus)? avec (?:un |une |d['\u2019])?autres?"
        r" (?:candidat\w*|profil\w*)",
    ),
    rule(REJECTION, 5, r"\b(?:pas|plus) (?:été )?retenue?s?\b"),
    rule(
        REJECTION,
        5,
        r"\b(?:pas|ne) (?:pu |pouvons |pourrons |pas )*(?:donner )?(?:une )?suite (?:favorable"
        r"|positive)",
    ),
    rule(REJECTION, 5, r"\bne pas donner suite\b"),
    rule(REJECTION, 5, r"\bposte (?:a été|est) (?:déjà |désormais )?pourvu"),
    rule(REJECTION, 4, r"\b(?:avons le regret|regrettons de vous)"),
    rule(REJECTION, 1, r"\bmalheureusement\b"),
    rule(REJECTION, 1, r"\bbonne continuation\b"),
    # Spanish
    rule(
        REJECTION,
        5,
        r"\b(?:continuar|seguir|avanzar|proceder|continuamos|seguimos)\w* con (?:otros?|otras?)"
        r" (?:candidat\w*|perfil\w*|postulante\w*|personas?)",
    ),
    rule(
        REJECTION,
        5,
        r"\bno (?:ha sido|has sido|fue|ha resultado|has resultado) (?:seleccionad\w*|elegid\w*)",
    ),
    rule(
        REJECTION,
        5,
        r"\bno (?:vamos a |podemos |podremos )?(?:continuar|seguir|avanzar)\w* con (?:tu|su)"
        r" (?:candidatura|solicitud|proceso|perfil)",
    ),
    rule(
        REJECTION,
        5,
        r"\b(?:puesto|vacante|posición) (?:ya )?(?:ha sido|fue) (?:cubiert[oa]|ocupad[oa])",
    ),
    rule(REJECTION, 4, r"\blamentamos (?:informar|comunicar|decir)\w*"),
    rule(REJECTION, 1, r"\b(?:lamentablemente|desafortunadamente)\b"),
    # Dutch
    rule(REJECTION, 5, r"\bbesloten\b" + GAP + r"\bniet verder\b"),
    rule(REJECTION, 4, r"\bniet verder (?:gaan|te gaan|met (?:je|jouw|uw))"),
    rule(REJECTION, 4, r"\b(?:een )?andere (?:kandida\w*|sollicitant\w*)"),
    rule(REJECTION, 5, r"\b(?:functie|vacature) is (?:inmiddels |al |reeds )?(?:vervuld|ingevuld)"),
    rule(REJECTION, 4, r"\bafwijzing\b"),
    rule(REJECTION, 4, r"\bniet (?:geselecteerd|uitgenodigd)\b"),
    rule(REJECTION, 3, r"\bteleurstell\w*"),
    rule(REJECTION, 1, r"\bhelaas\b"),
]
