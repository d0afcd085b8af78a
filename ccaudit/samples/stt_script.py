"""What is said in an ``stt`` style call, as an engine writes it: the templates (lower case,
no punctuation) and the turn builder that adds fillers and repeated words.

A template is filled with plain strings and :class:`~ccaudit.samples.transcripts_script.Value`
objects; the turn is the words joined by single spaces, and every value with an entity
becomes a gold span whose offsets are counted while the words are joined (never searched
for in the finished text). Fillers ("euh", "uhm", "allez", "you know") and repeated words
("mijn mijn naam is") go between the template's own words, never inside a value.

>>> import numpy as np
>>> from ccaudit.samples.transcripts_script import person
>>> turn = stt_turn("customer", "nl", "ja mijn naam is {name}", {"name": person("jan peeters")},
...                 np.random.default_rng(1), filler_rate=0, repeat_rate=0)
>>> turn.text, [(s.start, s.end, s.text) for s in turn.spans]
('ja mijn naam is jan peeters', [(16, 27, 'jan peeters')])
"""
from __future__ import annotations

import re
from string import Formatter

import numpy as np

from ccaudit.samples.stt_speech import stt_lower
from ccaudit.samples.transcripts_script import Span, Turn, Value

FILLERS = {
    "nl": ("euh", "euh", "uhm", "ehm", "ja", "allez", "bon"),
    "fr": ("euh", "euh", "bon", "ben", "allez", "euh"),
    "en": ("um", "uh", "you know", "um", "uh"),
}
PUNCTUATION = re.compile(r"[,.?!;:]")


def _words(text: str) -> list[str]:
    return PUNCTUATION.sub(" ", stt_lower(text)).split()


def stt_turn(speaker: str, lang: str, template: str, values: dict[str, Value | str | list], rng: np.random.Generator,
             filler_rate: float = 0.06, repeat_rate: float = 0.025) -> Turn:
    """Fill ``template`` the way an engine writes speech: lower case, no punctuation, at most
    two fillers and one repeated short word per turn. A value may be a list of words and values
    (an address: street, "in", town). Returns the turn with its gold spans."""
    pieces: list[tuple[str, Value | None]] = []
    for literal, name, _, _ in Formatter().parse(template):
        pieces += [(w, None) for w in _words(literal)]
        if name is not None:
            value = values[name]
            for part in value if isinstance(value, list) else [value]:
                pieces += _pieces(part)
    return _join(speaker, lang, pieces, rng, filler_rate, repeat_rate)


def _pieces(value: Value | str) -> list[tuple[str, Value | None]]:
    """Plain words one by one; an entity value as one piece, checked to be as an engine writes it."""
    if isinstance(value, str) or value.entity is None:
        return [(w, None) for w in _words(value if isinstance(value, str) else value.text)]
    assert value.text and value.text == value.text.strip() and "  " not in value.text, value
    assert value.text == stt_lower(value.text) and not PUNCTUATION.search(value.text), value
    return [(value.text, value)]


def _join(speaker: str, lang: str, pieces: list[tuple[str, Value | None]], rng: np.random.Generator,
          filler_rate: float, repeat_rate: float) -> Turn:
    words: list[str] = []
    spans: list[Span] = []
    at = 0

    def add(text: str) -> int:
        nonlocal at
        start = at + (1 if words else 0)
        words.append(text)
        at = start + len(text)
        return start

    fillers = repeats = 0
    for text, value in pieces:
        if value is not None:
            start = add(text)
            spans.append(Span(start, start + len(text), value.entity, value.spoken, text))
            continue
        if fillers < 2 and rng.random() < filler_rate:
            add(FILLERS[lang][int(rng.integers(len(FILLERS[lang])))])
            fillers += 1
        add(text)
        if repeats < 1 and 1 < len(text) <= 5 and rng.random() < repeat_rate:
            add(text)                                            # "mijn mijn naam is"
            repeats += 1
    text = " ".join(words)
    for s in spans:
        assert text[s.start:s.end] == s.text, (text, s)
    return Turn(speaker, lang, text, spans)


# --- templates ---------------------------------------------------------------------------------
GREET = {
    "nl": ("{company} goeiemorgen u spreekt met {agent}", "goeiedag {company} met {agent} waarmee kan ik u helpen",
           "ja goeiemiddag u bent bij {company} mijn naam is {agent} wat kan ik voor u doen"),
    "fr": ("{company} bonjour {agent} à votre service", "oui bonjour vous êtes bien chez {company} "
           "je m'appelle {agent} je vous écoute", "bonjour {agent} de {company} qu'est-ce que je peux faire pour vous"),
    "en": ("{company} good morning you're speaking with {agent}", "hi thanks for calling {company} my name is "
           "{agent} how can i help", "good afternoon {company} this is {agent} what can i do for you"),
}
INTRO = {
    "nl": ("ja goeiemorgen met {name} {reason}", "ja dag {name} hier {reason}", "hallo ja mijn naam is {name} {reason}",
           "ja met {surname} {reason}", "{surname} goeiedag {reason}"),
    "fr": ("oui bonjour {name} à l'appareil {reason}", "bonjour c'est {name} {reason}", "oui bonjour ici {surname} "
           "{reason}", "{surname} bonjour {reason}", "oui bonjour je suis {name} {reason}"),
    "en": ("hi yeah it's {name} {reason}", "hello my name is {name} {reason}", "yeah hi {surname} here {reason}",
           "hi this is {name} calling {reason}", "{surname} speaking hi {reason}"),
}
# the customer calls for someone else: their own name, then the other person's mid-sentence
INTRO_FOR = {
    "nl": ("ja goeiedag met {name} ik bel voor {relation} {relative} {reason}",
           "dag {name} hier ik bel eigenlijk voor {relation} {relative} die is zelf niet zo goed te been"),
    "fr": ("bonjour {name} j'appelle pour {relation} {relative} {reason}",
           "oui bonjour c'est {name} je vous appelle de la part de {relation} {relative}"),
    "en": ("hi it's {name} i'm calling on behalf of {relation} {relative} {reason}",
           "hello {name} here i'm ringing for {relation} {relative} who can't hear very well on the phone"),
}
# male? -> (the customer's words, the agent's words)
RELATIONS = {
    "nl": {True: (("mijn vader", "uw vader"), ("mijn broer", "uw broer"), ("mijn man", "uw man")),
           False: (("mijn moeder", "uw moeder"), ("mijn zus", "uw zus"), ("mijn vrouw", "uw vrouw"))},
    "fr": {True: (("mon père", "votre père"), ("mon frère", "votre frère"), ("mon mari", "votre mari")),
           False: (("ma mère", "votre mère"), ("ma sœur", "votre sœur"), ("ma femme", "votre femme"))},
    "en": {True: (("my father", "your father's"), ("my brother", "your brother's"), ("my husband", "your husband's")),
           False: (("my mother", "your mother's"), ("my sister", "your sister's"), ("my wife", "your wife's"))},
}
# reasons for calling: look-alikes only (dates without birth context, amounts, references, counts)
REASONS = {
    "nl": ("ik bel over mijn factuur van {date} daar staat {amount} op", "ik heb een vraag over mijn dossier {ref}",
           "ik wil mijn gegevens laten aanpassen", "er is {count} keer geld afgehaald dat ik niet herken",
           "ik heb op {date} een brief gekregen"),
    "fr": ("j'appelle pour ma facture du {date} il y a {amount} de trop", "c'est au sujet du dossier {ref}",
           "je voudrais changer mes coordonnées", "on m'a prélevé {count} fois ce mois-ci",
           "j'ai reçu un courrier le {date}"),
    "en": ("i'm calling about my bill from {date} it says {amount}", "it's about case number {ref}",
           "i need to update my details", "there are {count} payments i don't recognise",
           "i got a letter on {date}"),
}
SPELL_ASK = {
    "nl": ("kunt u uw familienaam even spellen", "mag ik de naam even laten spellen alstublieft", "hoe schrijft u dat"),
    "fr": ("vous pouvez m'épeler votre nom", "pardon vous pouvez épeler s'il vous plaît", "ça s'écrit comment"),
    "en": ("could you spell your surname for me", "sorry can you spell that", "how do you spell that"),
}
SPELL_ANSWER = {
    "nl": ("ja {surname} {spelled}", "{spelled}", "dat is {spelled}", "{surname} dat is {spelled}"),
    "fr": ("oui {surname} {spelled}", "{spelled}", "alors {spelled}", "{surname} ça fait {spelled}"),
    "en": ("yeah it's {surname} {spelled}", "{spelled}", "sure {spelled}", "{surname} that's {spelled}"),
}
ID_ASK = {
    "nl": {"dob": "dank u {title} {who} mag ik voor de controle uw geboortedatum",
           "nn": "dank u {title} {who} mag ik uw {nn_label}",
           "both": "goed {title} {who} ik heb uw geboortedatum en uw {nn_label} nodig"},
    "fr": {"dob": "merci {title} {who} vous pouvez me donner votre date de naissance",
           "nn": "merci {title} {who} il me faudrait votre {nn_label}",
           "both": "très bien {title} {who} j'ai besoin de votre date de naissance et de votre {nn_label}"},
    "en": {"dob": "thanks {title} {who} can i take your date of birth",
           "nn": "thank you {title} {who} can i have your {nn_label}",
           "both": "okay {title} {who} i need your date of birth and your {nn_label}"},
}
DOB_ANSWER = {
    "nl": ("ik ben geboren op {dob}", "{dob}", "mijn geboortedatum is {dob}", "dat is {dob}"),
    "fr": ("je suis {ne} le {dob}", "le {dob}", "c'est le {dob}", "alors {dob}"),
    "en": ("i was born on {dob}", "it's {dob}", "{dob}", "born {dob}"),
}
NN_ANSWER = {
    "nl": ("mijn {nn_label} is {nn}", "ja dat is {nn}", "wacht ik heb hem hier {nn}"),
    "fr": ("mon {nn_label} c'est le {nn}", "alors c'est {nn}", "attendez je l'ai ici {nn}"),
    "en": ("my {nn_label} is {nn}", "sure it's {nn}", "hang on i've got it here {nn}"),
}
BOTH_ANSWER = {
    "nl": ("ik ben geboren op {dob} en mijn {nn_label} is {nn}",),
    "fr": ("je suis {ne} le {dob} et mon {nn_label} c'est {nn}",),
    "en": ("i was born on {dob} and my {nn_label} is {nn}",),
}
# the national number a second time: read back by the agent, or said again when asked
NN_READBACK = {
    "nl": ("ik herhaal even {nn} klopt dat", "dus {nn} is dat juist"),
    "fr": ("je répète {nn} c'est bien ça", "donc {nn} c'est correct"),
    "en": ("let me read that back {nn} is that right", "so that's {nn} correct"),
}
CONFIRM = {"nl": ("ja dat klopt", "ja", "klopt ja"), "fr": ("oui c'est ça", "oui", "c'est exact"),
           "en": ("yes that's right", "yeah", "correct")}
SAY_AGAIN = {
    "nl": ("sorry ik heb het niet goed verstaan kunt u het nog eens zeggen", "pardon dat ging wat snel nog een keer"),
    "fr": ("pardon je n'ai pas bien compris vous pouvez répéter", "excusez-moi ça coupe vous pouvez redire"),
    "en": ("sorry i didn't catch that could you say it again", "sorry the line's bad can you repeat that"),
}
AGAIN = {"nl": ("ja {value}", "{value}", "nog eens {value}"), "fr": ("oui {value}", "{value}", "alors {value}"),
         "en": ("yeah {value}", "{value}", "okay {value}")}
# topic -> language -> (agent questions, customer answers)
TOPICS = {
    "phone": {
        "nl": (("op welk nummer kunnen we u bereiken", "is uw gsm-nummer nog hetzelfde"),
               ("op {phone}", "mijn gsm is {phone}", "dat is {phone}", "nee het is nu {phone}")),
        "fr": (("à quel numéro on peut vous joindre", "votre numéro de portable c'est toujours le même"),
               ("c'est le {phone}", "mon portable c'est le {phone}", "non maintenant c'est le {phone}")),
        "en": (("what's the best number to reach you on", "is your mobile number still the same"),
               ("it's {phone}", "you can reach me on {phone}", "no it's {phone} now")),
    },
    "abroad": {
        "nl": (("heeft u nog een ander nummer", "en als we u niet kunnen bereiken"),
               ("ja mijn buitenlands nummer {phone}", "ik zit veel in het buitenland dan is het {phone}")),
        "fr": (("vous avez un autre numéro", "et si on n'arrive pas à vous joindre"),
               ("oui mon numéro à l'étranger c'est le {phone}", "je suis souvent à l'étranger c'est le {phone}")),
        "en": (("do you have another number", "and if we can't get hold of you"),
               ("yeah my other number is {phone}", "i'm abroad a lot so it's {phone}")),
    },
    "email": {
        "nl": (("wat is uw e-mailadres", "naar welk mailadres mogen we de bevestiging sturen"),
               ("{email}", "dat is {email}", "mijn mail is {email}")),
        "fr": (("quelle est votre adresse mail", "je vous envoie la confirmation à quelle adresse"),
               ("c'est {email}", "alors {email}", "mon adresse c'est {email}")),
        "en": (("what's your email address", "where should i send the confirmation"),
               ("it's {email}", "sure it's {email}", "{email}")),
    },
    "iban": {
        "nl": (("op welk rekeningnummer mogen we het terugstorten",), ("op {iban}", "mijn rekeningnummer is {iban}")),
        "fr": (("sur quel compte on fait le remboursement",), ("c'est le {iban}", "mon iban c'est {iban}")),
        "en": (("which account should we refund to",), ("my iban is {iban}", "it's {iban}")),
    },
    "card": {
        "nl": (("kunt u mij het nummer van de kaart geven",), ("{card} vervaldatum {expiry}", "het is {card}")),
        "fr": (("vous pouvez me lire le numéro de la carte",),
               ("c'est {card} elle expire en {expiry}", "alors {card}")),
        "en": (("can you read me the long number on the card",), ("it's {card} expiry {expiry}", "okay {card}")),
    },
    "address": {
        "nl": (("wat is uw adres", "kunt u uw adres bevestigen"),
               ("{address}", "dat is {address}", "ik ben verhuisd naar {address}")),
        "fr": (("quelle est votre adresse", "vous pouvez me confirmer votre adresse"),
               ("j'habite {address}", "c'est {address}", "j'ai déménagé au {address}")),
        "en": (("can you confirm your address", "what's your address"),
               ("it's {address}", "i live at {address}", "i've moved to {address}")),
    },
    "town": {
        "nl": (("en waar woont u", "in welke gemeente woont u"),
               ("ik woon in {town}", "in {town}", "ik ben verhuisd van {town2} naar {town}")),
        "fr": (("et vous habitez où", "dans quelle commune vous habitez"),
               ("j'habite à {town}", "à {town}", "j'ai déménagé de {town2} à {town}")),
        "en": (("and where do you live", "which town do you live in"),
               ("i live in {town}", "in {town}", "i moved from {town2} to {town}")),
    },
    "relative_dob": {
        "nl": (("en wat is de geboortedatum van {your_relation}",), ("{dob}", "die is geboren op {dob}")),
        "fr": (("et la date de naissance de {your_relation}",), ("{dob}", "{pronoun} est {ne} le {dob}")),
        "en": (("and {your_relation} date of birth",), ("{dob}", "{pronoun} was born on {dob}")),
    },
    "lookalike": {
        "nl": (("ik zie {count} openstaande facturen de laatste van {date} voor {amount}",),
               ("klopt die van {date2} heb ik al betaald referentie {ref}",)),
        "fr": (("je vois {count} factures en attente la dernière du {date} pour {amount}",),
               ("oui celle du {date2} est déjà payée référence {ref}",)),
        "en": (("i can see {count} open invoices the last one from {date} for {amount}",),
               ("right the one from {date2} is already paid reference {ref}",)),
    },
}
CLOSE_AGENT = {
    "nl": ("dat is genoteerd {title} {who} nog een fijne dag", "bedankt voor uw oproep {title} {who} dag"),
    "fr": ("c'est noté {title} {who} bonne journée", "merci de votre appel {title} {who} au revoir"),
    "en": ("that's all sorted {title} {who} have a good day", "thanks for calling {title} {who} bye now"),
}
CLOSE_CUSTOMER = {
    "nl": ("dank u wel dag", "oké merci dag", "allez bedankt he dag"),
    "fr": ("merci beaucoup au revoir", "parfait merci bonne journée", "d'accord merci au revoir"),
    "en": ("thanks bye", "great thank you bye", "cheers bye"),
}
TITLES = {"nl": ("meneer", "mevrouw"), "fr": ("monsieur", "madame"), "en": ("mr", "mrs")}
PRONOUNS = {"fr": ("il", "elle"), "en": ("he", "she"), "nl": ("hij", "zij")}
BORN = {True: "né", False: "née"}
