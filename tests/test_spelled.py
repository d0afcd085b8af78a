"""Spelled words, e-mails and identifiers: written out for the recognizers, mapped back
exactly, and ordinary speech left alone. Every name, address and account is synthetic."""
from __future__ import annotations

import re

import pytest
from presidio_analyzer.predefined_recognizers import IbanRecognizer
from stdnum import iban

from ccaudit.detect.spelled import spelled_runs
from ccaudit.detect.spelled_names import SpelledNameRecognizer, spelled_name_results
from ccaudit.detect.spoken import normalise

# (text, language, normalised text, what each replacement maps back to)
SPELLED = [
    # Dutch
    ("mijn naam is p e e t e r s", "nl", "mijn naam is Peeters", ["p e e t e r s"]),
    ("dat is P E E T E R S dank u", "nl", "dat is Peeters dank u", ["P E E T E R S"]),
    ("het is D-e-s-m-e-t", "nl", "het is Desmet", ["D-e-s-m-e-t"]),
    ("d.e.s.m.e.t ja", "nl", "Desmet ja", ["d.e.s.m.e.t"]),
    ("P. E. E. T. E. R. S. ja", "nl", "Peeters. ja", ["P. E. E. T. E. R. S"]),
    ("j zoals johan a zoals anton n zoals nico", "nl", "Jan", ["j zoals johan a zoals anton n zoals nico"]),
    ("w van willem i van izaak m van marie", "nl", "Wim", ["w van willem i van izaak m van marie"]),
    ("p van pieter e van eduard", "nl", "Pe", ["p van pieter e van eduard"]),
    ("karel otto otto lodewijk eduard nico", "nl", "Koolen", ["karel otto otto lodewijk eduard nico"]),
    ("papa echo echo tango echo romeo sierra", "nl", "Peeters", ["papa echo echo tango echo romeo sierra"]),
    ("pee ee ee tee ee er es", "nl", "Peeters", ["pee ee ee tee ee er es"]),
    ("bee ee er gee es", "nl", "Bergs", ["bee ee er gee es"]),
    ("m u dubbel l e r", "nl", "Muller", ["m u dubbel l e r"]),
    ("w i twee keer l e m s", "nl", "Willems", ["w i twee keer l e m s"]),
    ("v a n spatie d a m m e", "nl", "Van Damme", ["v a n spatie d a m m e"]),
    ("v a n koppelteken d a m m e", "nl", "Van-Damme", ["v a n koppelteken d a m m e"]),
    ("d apostrof h o n d t", "nl", "D'Hondt", ["d apostrof h o n d t"]),
    ("b r griekse ij a n", "nl", "Bryan", ["b r griekse ij a n"]),
    ("e l ypsilon s e", "nl", "Elyse", ["e l ypsilon s e"]),
    ("de familienaam is j a n s s e n s en de voornaam is e l s", "nl",
     "de familienaam is Janssens en de voornaam is Els", ["j a n s s e n s", "e l s"]),
    ("heeft u a n n gezegd", "nl", "heeft u Ann gezegd", ["a n n"]),
    ("ivo i v o", "nl", "ivo Ivo", ["i v o"]),  # short, but the word was just said
    # French
    ("je m appelle d u p o n t", "fr", "je m appelle Dupont", ["d u p o n t"]),
    ("c est D U P O N T", "fr", "c est Dupont", ["D U P O N T"]),
    ("p comme paul e comme eugène e comme eugène t comme thérèse e comme eugène r comme raoul "
     "s comme suzanne", "fr", "Peeters",
     ["p comme paul e comme eugène e comme eugène t comme thérèse e comme eugène r comme raoul "
      "s comme suzanne"]),
    ("d comme désiré u comme ursule p o n t", "fr", "Dupont", ["d comme désiré u comme ursule p o n t"]),
    ("m de marcel a de anatole r de raoul c de célestin", "fr", "Marc",
     ["m de marcel a de anatole r de raoul c de célestin"]),
    ("l comme dans louis e comme dans eugène a", "fr", "Lea", ["l comme dans louis e comme dans eugène a"]),
    ("louis eugène raoul oscar yvonne", "fr", "Leroy", ["louis eugène raoul oscar yvonne"]),
    ("emme a erre té i enne", "fr", "Martin", ["emme a erre té i enne"]),
    ("g i deux l e s", "fr", "Gilles", ["g i deux l e s"]),
    ("j e a n trait d'union l u c", "fr", "Jean-Luc", ["j e a n trait d'union l u c"]),
    ("l e espace b l a n c", "fr", "Le Blanc", ["l e espace b l a n c"]),
    ("h e accent aigu l e accent grave n e", "fr", "Hélène", ["h e accent aigu l e accent grave n e"]),
    ("i grec v e s", "fr", "Yves", ["i grec v e s"]),
    ("f r a n c cédille o i s", "fr", "François", ["f r a n c cédille o i s"]),
    ("double vé a g n e r", "fr", "Wagner", ["double vé a g n e r"]),
    # English
    ("my name is p e e t e r s", "en", "my name is Peeters", ["p e e t e r s"]),
    ("it s P-E-E-T-E-R-S", "en", "it s Peeters", ["P-E-E-T-E-R-S"]),
    ("that s s m i t h", "en", "that s Smith", ["s m i t h"]),
    ("s for sugar m for mike i for india t for tango h for hotel", "en", "Smith",
     ["s for sugar m for mike i for india t for tango h for hotel"]),
    ("p as in peter e as in echo t as in tommy", "en", "Pet", ["p as in peter e as in echo t as in tommy"]),
    ("sierra mike india tango hotel", "en", "Smith", ["sierra mike india tango hotel"]),
    ("x-ray alfa victor india echo romeo", "en", "Xavier", ["x-ray alfa victor india echo romeo"]),
    ("juliett alpha november echo", "en", "Jane", ["juliett alpha november echo"]),
    ("ess em i tee aitch", "en", "Smith", ["ess em i tee aitch"]),
    ("double u i el el i a em es", "en", "Williams", ["double u i el el i a em es"]),
    ("m i double l e r", "en", "Miller", ["m i double l e r"]),
    ("s m i t h hyphen j o n e s", "en", "Smith-Jones", ["s m i t h hyphen j o n e s"]),
    ("o apostrophe b r i e n", "en", "O'Brien", ["o apostrophe b r i e n"]),
    ("v a n space d y k e", "en", "Van Dyke", ["v a n space d y k e"]),
    ("zed o e", "en", "Zoe", ["zed o e"]),
    # Spelled e-mail addresses
    ("j a n punt p e e t e r s at gmail punt com", "nl", "jan.peeters@gmail.com",
     ["j a n punt p e e t e r s at gmail punt com"]),
    ("peeters at t e l e n e t punt b e", "nl", "peeters@telenet.be", ["peeters at t e l e n e t punt b e"]),
    ("m a r i e point d u b o i s arobase orange point fr", "fr", "marie.dubois@orange.fr",
     ["m a r i e point d u b o i s arobase orange point fr"]),
    ("c est j comme joseph d u p o n t arobase gmail point com", "fr", "c est jdupont@gmail.com",
     ["j comme joseph d u p o n t arobase gmail point com"]),
    ("j dot peeters at gmail dot com", "en", "j.peeters@gmail.com", ["j dot peeters at gmail dot com"]),
    ("it is j peeters at gmail dot com", "en", "it is jpeeters@gmail.com", ["j peeters at gmail dot com"]),
    ("j a n seven eight at gmail dot com", "en", "jan78@gmail.com", ["j a n seven eight at gmail dot com"]),
    ("j a n underscore p e e t e r s at gmail dot com", "en", "jan_peeters@gmail.com",
     ["j a n underscore p e e t e r s at gmail dot com"]),
    # Spelled letters before digits: one identifier
    ("b e 79 3329 8094 3733", "nl", "BE79332980943733", ["b e 79 3329 8094 3733"]),
]

IBANS = [
    ("en", "my iban is b e seven nine three three two nine eight zero nine four three seven three three",
     "BE79332980943733"),
    ("en", "n l nine one a b n a zero four one seven one six four three zero zero", "NL91ABNA0417164300"),
    ("nl", "mijn rekening is b e negenenzeventig drie drie twee negen acht nul negen vier drie zeven "
           "drie drie", "BE79332980943733"),
    ("nl", "n l een en negentig a b n a nul vier een zeven een zes vier drie nul nul", "NL91ABNA0417164300"),
    ("fr", "c est b e septante-neuf trois trois deux neuf huit zéro neuf quatre trois sept trois trois",
     "BE79332980943733"),
    ("fr", "b comme berthe e comme eugène septante-neuf trente-trois vingt-neuf huit zéro neuf "
           "quatre trois sept trois trois", "BE79332980943733"),
    ("fr", "f r soixante-seize trois zéro zéro zéro six zéro zéro zéro zéro un un deux trois quatre "
           "cinq six sept huit neuf zéro un huit neuf", "FR7630006000011234567890189"),
]

NEGATIVE = {
    "nl": [
        "euh ja dat klopt", "uhm ik weet het niet zo goed", "ja ja ja dat is goed", "ik ben er",
        "ik ben er morgen niet", "allez dat is dan geregeld", "heeft u een klantennummer",
        "kan u dat even herhalen", "u bent verbonden met de klantendienst", "t is in orde",
        "k heb het gisteren gestuurd", "mijn btw nummer staat op de factuur",
        "de b t w is eenentwintig procent", "ik neem de trein van de n m b s",
        "het is optie a of b", "vitamine d en c", "plan b dan", "ik heb een e mail gestuurd",
        "dat is een t shirt", "jan pieter en karel komen ook", "mijn zoon heet victor",
        "ik woon in utrecht", "en dan en dan", "te laat", "zet het maar op mijn rekening",
        "ha ha ha dat is grappig", "jee jee jee wat een weer", "er is een probleem met de g s m",
        "ik heb twee kinderen", "ja ik zie u", "u en ik", "op de a twaalf richting antwerpen",
        "bus a en bus b", "het pakket komt met d h l", "het vee staat in de wei", "de b van bank",
        "nee nee nee", "oké dank u wel", "van harte", "zo is het en niet anders",
        "papa en mama zijn er niet", "ik heb u gebeld om tien uur", "heeft u het ontvangen",
        "ik heb de factuur van de maand mei nog niet ontvangen", "ja ik heb formulier a ingevuld",
        "ik ga naar de c en a", "de achternaam is d e en dan", "mijn b s n nummer",
        "met de m i v b of de s t i b", "dat is o k", "de a b c van het sparen", "vijf a zes euro",
    ],
    "fr": [
        "euh oui c est ça", "bon ben voilà", "allez au revoir", "il y a un problème",
        "il n y a pas de souci", "y a pas de quoi", "j ai appelé hier", "c est à dire que",
        "je l ai reçu", "t as vu ça", "elle est là", "en effet", "ah bon", "je suis à la maison",
        "on a reçu la facture de la s n c b", "la t v a est de vingt et un pour cent",
        "la facture de l e d f", "hein", "bah oui", "ouais ouais", "d accord",
        "qu est ce que vous voulez", "s il vous plaît", "il m a dit que", "on l a envoyé",
        "je n ai pas", "pierre et marie sont venus", "victor hugo", "c est le plan b",
        "option a ou b", "ha ha ha", "à demain", "du coup euh", "elle elle est partie",
        "je te le dis", "il a de la chance", "d abord", "l homme", "y en a deux",
        "mes prénoms sont pierre marie joseph", "il y a a peu près deux ans",
        "n y a t il pas une erreur", "c à d que c est fini", "mon n i r commence par un",
        "t es où", "j te l dis", "vous m entendez", "il s agit de la facture", "je l ai payé",
        "d après lui", "y a d la place", "il m en a parlé", "je l y ai mis", "j en ai marre",
    ],
    "en": [
        "i am at home", "uhm yes i think so", "er well i don t know", "it s a b c really",
        "that s fine", "i m a teacher", "i d like to pay", "you see what i mean",
        "why are you calling", "oh i see", "are you there", "see you later", "a b c", "my ex wife",
        "x ray results", "the hotel was nice", "golf on sunday", "i have plan b",
        "i ll call you back", "we re at the office", "you re welcome", "let s go", "it s ok",
        "i paid the v a t", "the b b c said", "u s a", "i sent a pdf", "i for one", "a for effort",
        "a to z", "i m fifty five", "tea or coffee", "the queue is long", "yes yes yes",
        "okay bye", "what s up", "don t worry", "i was born in november", "mike called",
        "india and france", "i like it", "it s like so", "i see a bee", "two a day",
        "i m twenty five years old", "it s two a m", "i d say so", "i got a text from you guys",
        "i ve been waiting", "that s what i said", "i bought a d v d", "he s at work", "let s see",
        "rock n roll", "o clock", "r s v p", "a s a p", "my n h s number", "he s a g p",
        "i had an m r i scan", "it s t v time", "the f b i called",
    ],
}
NEGATIVES = [(language, text) for language, texts in NEGATIVE.items() for text in texts]
EMAIL = re.compile(r"[a-z0-9][a-z0-9._-]*@[a-z0-9-]+(\.[a-z0-9-]+)+")


@pytest.mark.parametrize("text,language,expected,spans", SPELLED)
def test_spelled_is_written_and_maps_back(text, language, expected, spans):
    n = normalise(text, language)
    assert n.text == expected
    assert [text[slice(*n.to_original(s, e))] for s, e, _, _ in n.replacements] == spans
    for start, end, word in n.spelled:
        assert n.text[start:end] == word
        assert text[slice(*n.to_original(start, end))] in spans


@pytest.mark.parametrize("text,language,expected,spans",
                         [c for c in SPELLED if "@" in c[2]])
def test_spelled_emails_have_an_address_shape(text, language, expected, spans):
    n = normalise(text, language)
    assert any(EMAIL.fullmatch(w) for w in n.text.split())
    assert n.spelled == []  # letters of an address are not a name


@pytest.mark.parametrize("language,text,expected", IBANS)
def test_spelled_iban_is_one_valid_identifier(language, text, expected):
    n = normalise(text, language)
    assert n.text.endswith(expected)
    assert iban.is_valid(expected)
    start = n.text.index(expected)
    o_start, o_end = n.to_original(start, start + len(expected))
    assert text[o_end:] == "" and text[o_start:].split()[0] in ("b", "n", "f")
    assert n.spelled == []


@pytest.mark.parametrize("language,text,expected", IBANS)
def test_presidio_validates_the_spelled_iban(language, text, expected):
    n = normalise(text, language)
    found = IbanRecognizer().analyze(n.text, ["IBAN_CODE"])
    assert [n.text[r.start:r.end] for r in found] == [expected]


def test_letters_after_a_name_are_not_an_identifier():
    n = normalise("p e e t e r s nul vier zeven vijf een twee drie vier vijf zes", "nl")
    assert n.text == "Peeters 0475123456"


@pytest.mark.parametrize("language,text", NEGATIVES)
def test_ordinary_speech_is_left_alone(language, text):
    n = normalise(text, language)
    assert n.text == text
    assert n.spelled == []
    assert not any(r.valid for r in spelled_runs(text, language))


@pytest.mark.parametrize("language,text", [
    ("nl", "mijn iban is BE79 3329 8094 3733"),
    ("en", "it is jan.peeters@gmail.com"),
    ("fr", "au 0475 12 34 56"),
    ("nl", "de naam is Peeters"),
    ("en", "plan b is one letter away"),
])
def test_written_forms_are_left_alone(language, text):
    assert normalise(text, language).text == text


def test_negatives_are_at_least_thirty_per_language():
    assert all(len(texts) >= 30 for texts in NEGATIVE.values())


# ---------------------------------------------------------------------- names
def names(text, language, context=()):
    n = normalise(text, language)
    return [(n.text[r.start:r.end], r.score, text[slice(*n.to_original(r.start, r.end))])
            for r in spelled_name_results(n, list(context))]


@pytest.mark.parametrize("text,language,said,word,spoken", [
    ("peeters p e e t e r s", "nl", "peeters", "Peeters", "p e e t e r s"),
    ("c est dupont d u p o n t", "fr", "dupont", "Dupont", "d u p o n t"),
    ("it s van damme v a n space d a m m e", "en", "van damme", "Van Damme", "v a n space d a m m e"),
    ("dat is d'hondt d apostrof h o n d t", "nl", "d'hondt", "D'Hondt", "d apostrof h o n d t"),
    ("bishop that's bravo india sierra hotel oscar papa", "en", "bishop", "Bishop",
     "bravo india sierra hotel oscar papa"),
])
def test_spelled_after_the_word_is_a_name(text, language, said, word, spoken):
    # Both are the name: the word as said, and its spelling.
    assert names(text, language) == [(said, 0.85, said), (word, 0.85, spoken)]


def test_a_word_not_spelled_after_is_no_echo():
    assert [w for w, _, _ in names("ja peeters dat is j a n s s e n s", "nl")] == ["Janssens"]


@pytest.mark.parametrize("text,language,word", [
    ("mijn achternaam is d e s m e t", "nl", "Desmet"),
    ("ik zal het spellen w i t t o c k", "nl", "Wittock"),
    ("mon nom c est m comme marcel a r t i n", "fr", "Martin"),
    ("alors je vais épeler l e r o y", "fr", "Leroy"),
    ("my surname is s m i t h", "en", "Smith"),
    ("j o n e s that s my last name", "en", "Jones"),
    ("je m appelle pierre d u b o i s", "fr", "Dubois"),
    ("ik heet m a r t e n s", "nl", "Martens"),
])
def test_spelled_with_name_or_spell_in_the_turn_is_a_name(text, language, word):
    assert [(w, s) for w, s, _ in names(text, language)] == [(word, 0.85)]


@pytest.mark.parametrize("text,language,previous", [
    ("ja d e s m e t", "nl", "kan u uw naam spellen"),
    ("oui m a r t i n", "fr", "pouvez vous épeler votre nom"),
    ("sure s m i t h", "en", "could you spell your surname please"),
])
def test_spelled_after_a_question_about_the_name_is_lifted_by_context(text, language, previous):
    alone = names(text, language)
    assert [s for _, s, _ in alone] == [0.4]  # below the 0.5 reporting threshold
    asked = names(text, language, previous.split())
    assert [round(s, 2) for _, s, _ in asked] == [0.75]


@pytest.mark.parametrize("text,language,previous", [
    ("j a n punt p e e t e r s at gmail punt com", "nl", "wat is uw naam"),  # an e-mail
    ("b e seven nine three three two nine eight zero nine four three seven three three", "en",
     "your name please"),                                                     # an identifier
    ("de straat is k e r k s t r a a t", "nl", "kan u dat spellen"),          # a street
    ("mijn adres is w a t e r l o o", "nl", ""),                              # a place
    ("ja d e s m e t", "nl", "kan u de straatnaam spellen"),                  # asked for a street
    ("het is b c d", "nl", "uw naam"),                                        # no vowel
    ("a b c d e f g", "en", "what s your name"),                             # the alphabet
    ("oui p e e t e r s", "fr", "pouvez vous épeler votre adresse mail"),     # an e-mail
])
def test_spelled_that_is_not_a_name(text, language, previous):
    assert [s for _, s, _ in names(text, language, previous.split()) if s >= 0.5] == []


def test_recognizer_on_raw_text_spans_the_letters():
    rec = SpelledNameRecognizer("fr")
    text = "bonjour mon nom est d comme désiré u p o n t merci"
    results = rec.analyze(text, ["PERSON"])
    assert [(text[r.start:r.end], r.score) for r in results] == [("d comme désiré u p o n t", 0.85)]
    assert rec.analyze(text, ["EMAIL_ADDRESS"]) == []

