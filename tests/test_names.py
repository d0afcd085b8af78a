"""Person names in any letter case: the name lexicon, its recognizer and truecasing.

All names here are made up for the tests (common first names and surnames of the origins
a Belgian contact centre hears), none drawn from the sample generator.
"""
from __future__ import annotations

import pytest

from ccaudit.detect.names import (NameFinder, NameLexiconRecognizer, load_lexicon, truecase)
from ccaudit.detect.recognizers import IntroducedNameRecognizer


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


@pytest.fixture(scope="module")
def recognizers(lexicon):
    return {lang: NameLexiconRecognizer(lang, lexicon=lexicon) for lang in ("nl", "fr", "en")}


def names(recognizer, text):
    return [text[r.start:r.end] for r in recognizer.analyze(text, ["PERSON"])]


FOUND = [
    # titles, in any case, with particles
    ("dank u mevrouw peeters", "nl", ["peeters"]),
    ("goedemiddag meneer van den bossche", "nl", ["van den bossche"]),
    ("mevrouw de smet belt morgen terug", "nl", ["de smet"]),
    ("MEVROUW PEETERS", "nl", ["PEETERS"]),
    ("bonjour monsieur el amrani", "fr", ["el amrani"]),
    ("merci madame di stefano", "fr", ["di stefano"]),
    ("madame kowalska vous rappelle demain", "fr", ["kowalska"]),
    ("thank you mrs o'connor", "en", ["o'connor"]),
    ("good morning mr vandenbroucke", "en", ["vandenbroucke"]),
    # introductions
    ("ja goeiedag u spreekt met sofie van den bossche", "nl", ["sofie van den bossche"]),
    ("mijn naam is ruud van nistelrooij", "nl", ["ruud van nistelrooij"]),
    ("hallo met mehmet yilmaz", "nl", ["mehmet yilmaz"]),
    ("ik heet fatima el amrani", "nl", ["fatima el amrani"]),
    ("je m'appelle youssef benali", "fr", ["youssef benali"]),
    ("c'est pierre dupont à l'appareil", "fr", ["pierre dupont"]),
    ("vous parlez avec giulia romano", "fr", ["giulia romano"]),
    ("je suis mukendi patience", "fr", ["mukendi patience"]),
    ("my name is john smith", "en", ["john smith"]),
    ("thank you sarah", "en", ["sarah"]),
    ("this is tom from the billing department", "en", ["tom"]),
    ("my name is will", "en", ["will"]),
    # first name and surname mid-sentence, no title or introduction
    ("ik heb gisteren met jan de smet gebeld over de factuur", "nl", ["jan de smet"]),
    ("de rekening staat op naam van an janssens", "nl", ["an janssens"]),
    ("het contract van ayse demir is opgezegd", "nl", ["ayse demir"]),
    ("le dossier de marco rossi est clôturé", "fr", ["marco rossi"]),
    ("la commande de agnieszka nowak est partie", "fr", ["agnieszka nowak"]),
    ("what new movie is jennifer lawrence working on", "en", ["jennifer lawrence"]),
    ("the parcel for andrei popescu was returned", "en", ["andrei popescu"]),
    # initials and a surname
    ("getekend J. C. van Ierland", "nl", ["J. C. van Ierland"]),
    ("handtekening j peeters", "nl", ["j peeters"]),
    ("le dossier de m a dubreucq", "fr", ["m a dubreucq"]),
    # capitalised text
    ("Ik heb Sofie Peeters gesproken.", "nl", ["Sofie Peeters"]),
    ("Ik wil luisteren naar een concert van Timou Moutsouraev.", "nl", ["Timou Moutsouraev"]),
    ("Le client Karim El Amrani a rappelé.", "fr", ["Karim El Amrani"]),
]


@pytest.mark.parametrize("text,language,expected", FOUND)
def test_names_are_found(recognizers, text, language, expected):
    assert names(recognizers[language], text) == expected


NO_NAME = {
    "nl": [
        "ja goeiedag ik bel over mijn factuur",
        "met de klantendienst graag",
        "ik woon in gent sinds vorig jaar",
        "de vijftiende jan is de deadline",
        "kunt u mij morgen terugbellen",
        "mijn rekening is geblokkeerd sinds gisteren",
        "ik heb een vraag over mijn contract",
        "het pakket is nog altijd niet aangekomen",
        "dat is goed dank u wel",
        "mag ik uw klantnummer even hebben",
        "ik wil mijn abonnement opzeggen",
        "de technieker komt dinsdag tussen acht en twaalf",
        "met wie spreek ik eigenlijk",
        "ik ben niet tevreden over de service",
        "u krijgt een bevestiging per mail",
        "de betaling is vorige week vertrokken",
        "ik heb geen internet sinds zaterdag",
        "kan ik met een verantwoordelijke spreken",
        "het bedrag klopt niet op de factuur",
        "oké dan wacht ik op uw mail",
        "ik ben verhuisd naar een nieuw adres",
        "de meter staat in de kelder",
        "mevrouw u moet eerst inloggen",
        "meneer de directeur is er niet",
        "dat was de vorige keer ook al zo",
        "hoeveel kost dat per maand",
        "ik zal het nog eens nakijken",
        "euh ja dat klopt wel denk ik",
        "de roos in de tuin bloeit",
        "ik ga naar brussel met de trein",
        "ja hallo goedemiddag",
        "tot ziens en nog een fijne dag",
        "het is 5 m lang en 2 m breed",
        "ik heb u een e mail gestuurd",
        "ik ga naar de winkel van de bakker",
    ],
    "fr": [
        "bonjour je vous appelle pour ma facture",
        "c'est bon merci beaucoup",
        "la rose est belle ce matin",
        "la france a gagné hier soir",
        "je suis désolé pour le retard",
        "pouvez-vous me rappeler demain matin",
        "mon compte est bloqué depuis lundi",
        "j'ai une question sur mon contrat",
        "le colis n'est toujours pas arrivé",
        "merci beaucoup bonne journée",
        "monsieur le directeur n'est pas là",
        "je voudrais résilier mon abonnement",
        "le technicien passe mardi entre huit et midi",
        "c'est compliqué mais on va trouver",
        "vous recevrez une confirmation par mail",
        "le paiement est parti la semaine dernière",
        "je n'ai plus internet depuis samedi",
        "puis-je parler à un responsable",
        "le montant ne correspond pas à la facture",
        "d'accord j'attends votre mail",
        "j'ai déménagé le mois dernier",
        "le compteur est dans la cave",
        "ça fait combien par mois",
        "je vais vérifier encore une fois",
        "euh oui c'est ça je pense",
        "il brisa la jambe de la table",
        "ici on parle français",
        "je vais à namur en voiture",
        "au revoir et bonne soirée",
        "oui bonjour madame",
        "vous êtes bien chez nous",
        "je suis content du service",
    ],
    "en": [
        "hello i'm calling about my invoice",
        "i will mark the rose in the garden",
        "yes i am fine thanks",
        "could you call me back tomorrow",
        "my account has been blocked since monday",
        "i have a question about my contract",
        "the parcel still has not arrived",
        "thank you very much have a nice day",
        "i would like to cancel my subscription",
        "the engineer comes on tuesday morning",
        "i'm not happy with the service",
        "you will get a confirmation by email",
        "the payment left last week",
        "i have had no internet since saturday",
        "can i speak to a manager please",
        "the amount on the invoice is wrong",
        "okay i'll wait for your email",
        "i moved to a new address last month",
        "the meter is in the basement",
        "how much is that per month",
        "let me check that again",
        "what is the weather like in paris france",
        "i want to fly from san jose on monday",
        "the office is on george street",
        "send it to john@example.com please",
        "we can do it in april or may",
        "hope you have a great weekend",
        "this is not what i ordered",
        "it's fine i'll do it myself",
        "mark my words it will rain",
        "the will was read after the funeral",
        "good morning how can i help",
        "plan b is to call them tomorrow",
        "i need a table for two",
    ],
}


@pytest.mark.parametrize("language,text", [(lang, t) for lang, ts in NO_NAME.items() for t in ts])
def test_ordinary_sentences_name_nobody(recognizers, language, text):
    assert names(recognizers[language], text) == []


def test_each_language_has_thirty_negative_sentences():
    assert all(len(ts) >= 30 for ts in NO_NAME.values())


@pytest.mark.parametrize("word,language", [("will", "en"), ("mark", "en"), ("rose", "fr"),
                                           ("bon", "fr"), ("jan", "nl"), ("france", "fr"),
                                           ("gent", "nl")])
def test_common_words_are_words(lexicon, word, language):
    assert lexicon.is_word(word, language)


@pytest.mark.parametrize("word,language", [("sofie", "nl"), ("fatima", "fr"), ("sarah", "en"),
                                           ("mehmet", "nl"), ("agnieszka", "fr")])
def test_names_are_not_words(lexicon, word, language):
    assert lexicon.first.get(word) and not lexicon.is_word(word, language)


def test_first_names_have_origins(lexicon):
    assert "ar" in lexicon.origins["youssef"]
    assert "tr" in lexicon.origins["mehmet"]
    assert "pl" in lexicon.origins["agnieszka"]
    assert "nl" in lexicon.origins["sofie"] or "be" in lexicon.origins["sofie"]


def test_lexicon_loads_offline(lexicon):
    # The test session runs with sockets disabled (pytest-socket): the module fixture
    # loaded (or built) the lexicon from installed packages alone.
    assert len(lexicon.first) > 30000 and len(lexicon.surnames) > 10000
    assert {"gent", "namur", "antwerpen"} <= lexicon.places


@pytest.mark.parametrize("text,language,expected", [
    ("ja met sofie van den bossche", "nl", "ja met Sofie van den Bossche"),
    ("bonjour monsieur el amrani", "fr", "bonjour monsieur el Amrani"),
    ("my name is john smith", "en", "my name is John Smith"),
    ("Already Written With Capitals", "en", "Already Written With Capitals"),
])
def test_truecase_keeps_offsets(lexicon, text, language, expected):
    out = truecase(text, language, lexicon)
    assert out == expected and len(out) == len(text)


@pytest.mark.parametrize("text,language,expected", [
    ("Dank u, mevrouw De Cock. Goedemiddag, met Sven Vercruysse.", "nl", ["De Cock", "Sven Vercruysse"]),
    ("dank u mevrouw peeters", "nl", ["peeters"]),
    ("ja goeiedag u spreekt met sofie van den bossche", "nl", ["sofie van den bossche"]),
    ("met de klantendienst", "nl", []),
    ("Ik bel met Sofie de volgende keer", "nl", ["Sofie"]),
    ("bonjour monsieur el amrani", "fr", ["el amrani"]),
    ("je suis désolé monsieur", "fr", []),
    ("lorraine marion à l'appareil", "fr", ["lorraine marion"]),
    ("my name is john smith", "en", ["john smith"]),
    ("i'm fine thank you", "en", []),
])
def test_introduced_names_in_any_case(text, language, expected):
    rec = IntroducedNameRecognizer(language)
    rec.load()
    assert [text[r.start:r.end] for r in rec.analyze(text, ["PERSON"])] == expected


def test_finder_spans_carry_their_evidence(lexicon):
    text = "bonjour monsieur el amrani"
    assert [(text[s:e], ev) for s, e, _, ev in NameFinder(lexicon, "fr").spans(text)] == [
        ("el amrani", "title")]


def test_addresses_handles_and_links_are_blanked_out_as_the_full_search_would(samples_dir):
    """``not_words`` looks for an address, handle or link only in a text holding a mark of
    one (``@ # / \\`` or a dot between letters or digits); on every sample text and on
    texts made to hold each, it blanks out what the full search blanks out, same length."""
    from spans import sample_texts

    from ccaudit.detect.names import _NOT_WORDS, not_words

    made = ["mail me at jan.peeters@example.com thanks", "see https://example.org/x now",
            "@sofie_p on twitter", "tag #klantendienst", "map C:\\data\\calls", "bedrag 261.48 euro",
            "Hello, my name is Geraldine Fletcher.", ""]
    texts = sample_texts(samples_dir) + made
    blanked = 0
    for text in texts:
        full = _NOT_WORDS.sub(lambda m: " " * len(m.group()), text)
        assert not_words(text) == full, text[:0]
        blanked += full != text
    assert blanked >= 6


def test_the_lexicon_and_introduction_recognizers_share_one_finder_per_language():
    """Both recognizers of a language read names with the language's one finder, which
    answers the same text twice in a row from what it found the first time; a recognizer
    given its own lexicon keeps a finder of its own."""
    from ccaudit.detect.names import shared_finder

    lexicon_recognizer = NameLexiconRecognizer(supported_language="nl")
    introduced = IntroducedNameRecognizer(supported_language="nl")
    introduced.load()
    text = "ja met sofie peeters, goedemorgen"
    found = lexicon_recognizer.analyze(text, ["PERSON"])
    introduced.analyze(text, ["PERSON"])
    assert lexicon_recognizer.finder is shared_finder("nl") is introduced._finder
    assert shared_finder("fr") is not shared_finder("nl")
    assert [text[r.start:r.end] for r in found] == ["sofie peeters"]

    finder = shared_finder("nl")
    first = finder.spans(text)
    first.append("changed by a caller")
    assert finder.spans(text) == first[:-1]  # a list of its own each time
    assert finder.spans("bel mevrouw janssens terug") != first[:-1]
    assert NameLexiconRecognizer(supported_language="nl", lexicon=load_lexicon()).finder is not finder


@pytest.mark.parametrize("text,names", [
    # An agent and the team or firm she speaks for: the name ends before "van de …".
    ("ja met sofie peeters van de klantendienst", ["sofie peeters"]),
    ("dag met lotte janssens van brightbank", ["lotte janssens"]),
    ("Goedemorgen, u spreekt met Sofie Peeters van de klantendienst", ["Sofie Peeters"]),
    ("Goedemorgen, u spreekt met Sofie van de klantendienst", ["Sofie"]),
    ("u spreekt met sofie van de klantendienst", ["sofie"]),
    ("u spreekt met jan van de technische dienst", ["jan"]),
    ("ja met pieter van de helpdesk", ["pieter"]),
    ("bonjour c'est marie dubois de la comptabilité", ["marie dubois"]),
    # Particles inside a name still join it.
    ("mijn naam is jan pieter van den berg", ["jan pieter van den berg"]),
    ("Goedemiddag, u spreekt met Jan van den Bossche", ["Jan van den Bossche"]),
    ("ik ben mevrouw van den bossche", ["van den bossche"]),
])
def test_a_name_does_not_run_into_the_team_after_it(text, names):
    language = "fr" if "bonjour" in text.lower() else "nl"
    finder = NameFinder(load_lexicon(), language)
    assert [text[s:e] for s, e, _, _ in finder.spans(text)] == names
