"""What is said in a call: per-language templates and the turn builder that records the
character offsets of every personal-data mention while it writes the text.

A template is filled with :class:`Value` objects; a value with an ``entity`` becomes a
gold span whose offsets are computed from the pieces as they are joined (never by
searching the finished text), and checked against the inserted text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from string import Formatter

from ccaudit.samples.spec import DOB, PERSON


@dataclass(frozen=True)
class Value:
    """Text to put into a template; ``entity`` set for personal data."""

    text: str
    entity: str | None = None
    spoken: bool = False


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    entity: str
    spoken: bool
    text: str


@dataclass
class Turn:
    speaker: str                       # "agent" or "customer"
    lang: str
    text: str
    spans: list[Span] = field(default_factory=list)


def render(template: str, values: dict[str, Value | str]) -> tuple[str, list[Span]]:
    """Fill ``template``; return the text and the spans of the entity values in it."""
    parts: list[str] = []
    spans: list[Span] = []
    at = 0
    for literal, name, _, _ in Formatter().parse(template):
        parts.append(literal)
        at += len(literal)
        if name is None:
            continue
        value = values[name]
        if isinstance(value, str):
            value = Value(value)
        parts.append(value.text)
        if value.entity:
            spans.append(Span(at, at + len(value.text), value.entity, value.spoken, value.text))
        at += len(value.text)
    text = "".join(parts)
    for s in spans:
        assert text[s.start:s.end] == s.text, (text, s)
    return text, spans


def make_turn(speaker: str, lang: str, template: str, values: dict[str, Value | str]) -> Turn:
    text, spans = render(template, values)
    return Turn(speaker, lang, text, spans)


def person(text: str) -> Value:
    return Value(text, PERSON)


def dob(text: str) -> Value:
    return Value(text, DOB)


GREET = {
    "nl": ("Goedemorgen, u spreekt met {agent} van {company}. Waarmee kan ik u helpen?",
           "Goedemiddag, {company}, met {agent}. Wat kan ik voor u doen?",
           "Dag, u bent verbonden met {agent} van {company}, waarmee kan ik u helpen?"),
    "fr": ("Bonjour, {agent} à l'appareil, {company}, que puis-je faire pour vous ?",
           "Bonjour, {company}, je m'appelle {agent}, en quoi puis-je vous aider ?",
           "Bonjour, vous êtes en ligne avec {agent} du service clients {company}."),
    "en": ("Good morning, this is {agent} from {company}, how can I help you?",
           "Hello, you're speaking with {agent} at {company}. What can I do for you today?",
           "Good afternoon, {company}, {agent} speaking, how may I help?"),
}
INTRO = {
    "nl": ("Goedemorgen, met {name}. {reason}", "Dag, mijn naam is {name}. {reason}",
           "Hallo, u spreekt met {name}. {reason}"),
    "fr": ("Bonjour, {name} à l'appareil. {reason}", "Bonjour, je m'appelle {name}. {reason}",
           "Oui bonjour, c'est {name}. {reason}"),
    "en": ("Hi, my name is {name}. {reason}", "Good morning, it's {name} here. {reason}",
           "Hello, this is {name}. {reason}"),
}
# reasons for calling: look-alikes only (dates without birth context, amounts, references)
REASONS = {
    "nl": ("Ik bel over mijn factuur van {date}, daar staat {amount} euro op.",
           "Ik heb een vraag over dossier {ref}.",
           "Ik wil graag mijn gegevens laten aanpassen.",
           "Er zijn {count} betalingen afgeschreven die ik niet herken.",
           "Ik heb op {date} een brief gekregen over {amount} euro."),
    "fr": ("J'appelle au sujet de ma facture du {date}, il y a {amount} euros de trop.",
           "J'ai une question sur le dossier {ref}.",
           "Je voudrais mettre à jour mes coordonnées.",
           "J'ai {count} prélèvements que je ne reconnais pas.",
           "J'ai reçu un courrier le {date} pour {amount} euros."),
    "en": ("I'm calling about my bill of {date}, it says {amount} euros.",
           "I have a question about ticket {ref}.",
           "I'd like to update my details.",
           "There are {count} payments on my statement that I don't recognise.",
           "I got a letter on {date} about {amount} euros."),
}
ID_ASK = {
    "nl": {"dob": "Dank u, {title} {surname}. Mag ik voor de controle uw geboortedatum?",
           "nn": "Dank u, {title} {surname}. Mag ik eerst uw {nn_label}?",
           "both": "Goed, {title} {surname}. Ik heb uw geboortedatum en uw {nn_label} nodig."},
    "fr": {"dob": "Merci, {title} {surname}. Pouvez-vous me confirmer votre date de naissance ?",
           "nn": "Merci, {title} {surname}. Pouvez-vous me donner votre {nn_label} ?",
           "both": "Très bien, {title} {surname}, il me faut votre date de naissance et votre {nn_label}."},
    "en": {"dob": "Thank you, {title} {surname}. Can I have your date of birth, please?",
           "nn": "Thank you, {title} {surname}. Can I have your {nn_label}, please?",
           "both": "Thanks, {title} {surname}. I need your date of birth and your {nn_label}."},
}
ID_ANSWER = {
    "nl": {"dob": ("Mijn geboortedatum is {dob}.", "Ik ben geboren op {dob}.", "Geboren op {dob}, ja."),
           "nn": ("Mijn {nn_label} is {nn}.", "Ja, dat is {nn}."),
           "both": ("Ik ben geboren op {dob} en mijn {nn_label} is {nn}.",)},
    "fr": {"dob": ("Je suis {ne} le {dob}.", "Ma date de naissance est le {dob}.", "Date de naissance le {dob}."),
           "nn": ("Mon {nn_label} est le {nn}.", "Oui, c'est {nn}."),
           "both": ("Je suis {ne} le {dob}, et mon {nn_label} c'est {nn}.",)},
    "en": {"dob": ("I was born on {dob}.", "My date of birth is {dob}.", "Born on {dob}."),
           "nn": ("My {nn_label} is {nn}.", "Sure, it's {nn}."),
           "both": ("I was born on {dob} and my {nn_label} is {nn}.",)},
}
# topic -> language -> (agent questions, customer answers)
TOPICS = {
    "phone": {
        "nl": (("Op welk telefoonnummer kunnen we u terugbellen?", "Is uw gsm-nummer nog juist?"),
               ("Op {phone}.", "Mijn nieuwe nummer is {phone}.", "Dat is {phone}.")),
        "fr": (("À quel numéro peut-on vous rappeler ?", "Votre numéro de portable est toujours le même ?"),
               ("Au {phone}.", "Mon nouveau numéro, c'est le {phone}.", "C'est le {phone}.")),
        "en": (("What's the best number to reach you on?", "Is your mobile number still the same?"),
               ("It's {phone}.", "My new number is {phone}.", "You can call me on {phone}.")),
    },
    "email": {
        "nl": (("Wat is uw e-mailadres?", "Naar welk e-mailadres mogen we de bevestiging sturen?"),
               ("Dat is {email}.", "Mijn e-mailadres is {email}.")),
        "fr": (("Quelle est votre adresse e-mail ?", "À quelle adresse mail puis-je envoyer la confirmation ?"),
               ("C'est {email}.", "Mon adresse mail, c'est {email}.")),
        "en": (("Could I have your email address?", "Where should I send the confirmation?"),
               ("It's {email}.", "My email is {email}.")),
    },
    "iban": {
        "nl": (("Op welke rekening mogen we het bedrag terugstorten?",),
               ("Op {iban}.", "Mijn rekeningnummer is {iban}.")),
        "fr": (("Sur quel compte souhaitez-vous le remboursement ?",),
               ("Sur le compte {iban}.", "Mon IBAN est {iban}.")),
        "en": (("Which account should we refund?",),
               ("My IBAN is {iban}.", "Please use {iban}.")),
    },
    "address": {
        "nl": (("Wat is uw nieuwe adres?", "Kunt u uw adres bevestigen?"),
               ("Mijn adres is {address}.", "Ik ben verhuisd naar {address}.")),
        "fr": (("Quelle est votre nouvelle adresse ?", "Pouvez-vous me confirmer votre adresse ?"),
               ("Mon adresse est {address}.", "J'ai déménagé, c'est maintenant {address}.")),
        "en": (("Can you confirm your address?", "What's your new address?"),
               ("It's {address}.", "I've moved to {address}.")),
    },
    "card": {
        "nl": (("Om welke kaart gaat het?",),
               ("Mijn kaartnummer is {card}, vervaldatum {expiry}.", "Het is de kaart {card}.")),
        "fr": (("Quel est le numéro de la carte ?",),
               ("Le numéro de carte est {card}, elle expire en {expiry}.", "C'est la carte {card}.")),
        "en": (("Can you read me the card number?",),
               ("The card number is {card}, expiry {expiry}.", "It's {card}.")),
    },
    "lookalike": {
        "nl": (("Ik zie {count} openstaande facturen, de laatste van {date} voor {amount} euro.",),
               ("Klopt, die van {date2} heb ik al betaald, referentie {ref}.",)),
        "fr": (("Je vois {count} factures en attente, la dernière du {date} pour {amount} euros.",),
               ("Oui, celle du {date2} est déjà payée, référence {ref}.",)),
        "en": (("I can see {count} open invoices, the last one from {date} for {amount} euros.",),
               ("Right, the one from {date2} is already paid, reference {ref}.",)),
    },
}
CLOSE_AGENT = {
    "nl": ("Dat is genoteerd, {title} {surname}. Nog een fijne dag!",
           "Bedankt voor uw oproep, {title} {surname}. Uw ticketnummer is {ref}."),
    "fr": ("C'est noté, {title} {surname}. Bonne journée !",
           "Merci de votre appel, {title} {surname}, votre numéro de ticket est le {ref}."),
    "en": ("That's all noted, {title} {surname}. Have a nice day!",
           "Thanks for calling, {title} {surname}, your ticket number is {ref}."),
}
CLOSE_CUSTOMER = {
    "nl": ("Dank u wel, tot ziens.", "Oké, bedankt. Dag!"),
    "fr": ("Merci beaucoup, au revoir.", "Parfait, merci, bonne journée."),
    "en": ("Thanks, bye.", "Great, thank you. Goodbye!"),
}
# said by the customer when the call changes language (start of the turn in the new language)
SWITCH = {
    "nl": "Sorry, mag ik verder in het Nederlands? ",
    "fr": "Pardon, je peux continuer en français ? ",
    "en": "Sorry, can we continue in English? ",
}
TITLES = {"nl": ("meneer", "mevrouw"), "fr": ("monsieur", "madame"), "en": ("Mr", "Mrs")}
BORN = {True: "né", False: "née"}
