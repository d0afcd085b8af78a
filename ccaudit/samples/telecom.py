"""TelecomFR, a French telco: a three-sheet workbook and a "workbook" that is plain text."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ccaudit.samples import contact, identifiers, subjects, values
from ccaudit.samples.notes import notes
from ccaudit.samples.people import addresses, make_people, relatives
from ccaudit.samples.pools import get_pools
from ccaudit.samples.spec import (CARD, DOB, EMAIL, LOCATION, NIR, PERSON, PHONE, ExportFile, col,
                                  file_rng)
from ccaudit.samples.vstr import amounts, blank, cat, choose, fill, strs, where
from ccaudit.samples.xlsx import MAX_ROWS, Column, Sheet, write_xlsx

SOURCE = "telecomfr/clients_2026T3.xlsx"
BROKEN_SOURCE = "telecomfr/broken_export.xlsx"
ROWS = {"Clients": 300, "Commandes": 600, "Produits": 25}

CLIENT_COLUMNS = [
    col("id_client"), col("civilité"), col("nom", PERSON), col("prénom", PERSON),
    col("courriel", EMAIL), col("téléphone", PHONE), col("date de naissance", DOB),
    col("adresse", LOCATION), col("NIR", NIR), col("numéro de carte", CARD), col("forfait"),
    col("montant mensuel"), col("score satisfaction"), col("commentaire", PERSON, PHONE),
]
ORDER_COLUMNS = [col("num_commande"), col("id_client"), col("date_commande"), col("produit"),
                 col("quantité"), col("montant"), col("statut")]
PRODUCT_COLUMNS = [col("code_produit"), col("libellé"), col("prix"), col("catégorie")]

# code, label, monthly or unit price, category; the first 15 are subscriptions
CATALOGUE = [
    ("FIB-1G", "Fibre Max 1 Gb", 44.99, "Internet"), ("FIB-2G", "Fibre Max 2 Gb", 54.99, "Internet"),
    ("FIB-300", "Fibre Essentiel 300 Mb", 29.99, "Internet"), ("ADSL-20", "ADSL Classique", 24.99, "Internet"),
    ("BOX-5G", "Box 5G Maison", 34.99, "Internet"), ("MOB-5", "Forfait Mobile 5 Go", 9.99, "Mobile"),
    ("MOB-20", "Forfait Mobile 20 Go", 14.99, "Mobile"), ("MOB-100", "Forfait Mobile 100 Go", 19.99, "Mobile"),
    ("MOB-5GU", "Forfait Mobile 5G Illimité", 29.99, "Mobile"), ("MOB-2H", "Forfait Bloqué 2h", 4.99, "Mobile"),
    ("TV-80", "TV Essentiel 80 chaînes", 9.99, "TV"), ("TV-200", "TV Premium 200 chaînes", 19.99, "TV"),
    ("OPT-SPORT", "Option Sport+", 12.99, "TV"), ("OPT-CINE", "Option Cinéma", 9.99, "TV"),
    ("FIX-ILL", "Ligne fixe illimitée", 4.99, "Téléphonie"),
    ("SIM-PRE", "Carte SIM Prépayée", 5.00, "Mobile"), ("DEC-4K", "Décodeur 4K", 5.00, "TV"),
    ("WIFI-REP", "Répéteur Wi-Fi 6", 59.90, "Équipement"),
    ("TEL-A55", "Smartphone Galaxy A55", 399.00, "Équipement"),
    ("TEL-IP16", "Smartphone iPhone 16", 969.00, "Équipement"),
    ("AUD-BT", "Écouteurs sans fil", 79.90, "Équipement"), ("CHG-30", "Chargeur rapide 30W", 24.90, "Équipement"),
    ("ASS-MOB", "Assurance Mobile", 7.99, "Services"), ("INST-DOM", "Installation à domicile", 49.00, "Services"),
    ("ACT", "Frais d'activation", 49.00, "Services"),
]
SUBSCRIPTIONS = 15
STATUSES = ["livrée", "expédiée", "en préparation", "annulée", "remboursée"]


def products(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Codes, labels, prices and categories: the catalogue, then numbered variants of it."""
    i = np.arange(n)
    base, k = i % len(CATALOGUE), i // len(CATALOGUE)
    variant = where(k > 0, cat("-V", strs(k + 1)), "")
    codes = cat(strs([p[0] for p in CATALOGUE])[base], variant)
    labels = cat(strs([p[1] for p in CATALOGUE])[base], where(k > 0, cat(" (V", strs(k + 1), ")"), ""))
    prices = np.round(np.array([p[2] for p in CATALOGUE])[base] * (1 + 0.01 * (k % 20)), 2)
    return codes, labels, prices, strs([p[3] for p in CATALOGUE])[base]


def clients_sheet(n: int, seed: int, rng: np.random.Generator,
                  planted: list[tuple[int, subjects.Record]] = ()) -> tuple[Sheet, np.ndarray]:
    people = make_people(seed, {"fr_FR": 1.0}, n, rng)
    street, postcode, town = addresses(get_pools(seed)["fr_FR"], n, rng)
    phones = contact.phones("FR", n, rng, mobile_share=0.7)
    belgian = rng.random(n) < 0.12
    phones[belgian] = contact.phones("BE", int(belgian.sum()), rng, mobile_share=0.5)
    plan = rng.integers(0, SUBSCRIPTIONS, n)
    monthly = np.array([p[2] for p in CATALOGUE])[plan] + rng.choice([0, 0, 0, 5, 9.99], n)
    ids = fill("CL-{x:06d}", x=values.increasing_ids(n, rng, 4000, 3))
    rel = relatives(seed, people, rng)
    scores = np.where(rng.random(n) < 0.06, np.nan, rng.integers(1, 11, n))
    columns = [
        ids,
        where(people.male, "M.", "Mme"),
        people.last,
        people.first,
        blank(people.emails(rng), 0.03, rng),
        phones,
        people.birth,
        fill("{s}, {p} {t}", s=street, p=postcode, t=town),
        identifiers.fr_nirs(people.birth, people.male, rng),
        blank(identifiers.card_numbers(n, rng), 0.1, rng),
        strs([p[1] for p in CATALOGUE])[plan],
        amounts(monthly),
        scores,
        notes("fr", rel.first, rel.last, rel.male, contact.phones("FR", n, rng, mobile_share=0.8), rng),
    ]
    at = {name: i for i, (name, _) in enumerate(CLIENT_COLUMNS)}
    target = {"email": "courriel", "phone": "téléphone", "national_number": "NIR"}
    for row, record in planted:                    # see ccaudit.samples.subjects
        p = record.person
        columns[at["civilité"]][row] = "M." if p.male else "Mme"
        columns[at["nom"]][row], columns[at["prénom"]][row] = p.last, p.first
        columns[at["date de naissance"]][row] = p.birth
        for id_type, text in record.spelled().items():
            columns[at[target[id_type]]][row] = text
    kinds = ["str"] * 6 + ["date"] + ["str"] * 5 + ["num", "str"]
    return _sheet("Clients", CLIENT_COLUMNS, kinds, columns), ids


def orders_sheet(n: int, client_ids: np.ndarray, labels: np.ndarray, prices: np.ndarray,
                 rng: np.random.Generator) -> Sheet:
    item = rng.integers(0, len(labels), n)
    quantity = np.where(rng.random(n) < 0.8, 1, rng.integers(2, 5, n))
    columns = [
        fill("CMD-2026-{x:06d}", x=values.increasing_ids(n, rng, 120, 2)),
        client_ids[rng.integers(0, len(client_ids), n)],
        np.sort(values.dates_between(n, rng, "2026-07-01", "2026-09-30")),
        labels[item],
        quantity,
        np.round(prices[item] * quantity, 2),
        choose(STATUSES, n, rng, [6, 2, 1, 1, 0.5]),
    ]
    return _sheet("Commandes", ORDER_COLUMNS, ["str", "str", "date", "str", "num", "num", "str"], columns)


def _sheet(name: str, spec: list, kinds: list[str], columns: list) -> Sheet:
    return Sheet(name, [Column(c[0], k, v) for c, k, v in zip(spec, kinds, columns)])


def write_workbook(path: Path, scale: int, seed: int) -> dict[str, int]:
    """Clients, Commandes and Produits; sheets are capped at Excel's row limit."""
    rng = file_rng(seed, SOURCE)
    n = {sheet: min(rows * scale, MAX_ROWS) for sheet, rows in ROWS.items()}
    codes, labels, prices, categories = products(n["Produits"])
    clients, ids = clients_sheet(n["Clients"], seed, rng,
                                 subjects.placed(seed, scale, "telecom", "Clients", n["Clients"]))
    orders = orders_sheet(n["Commandes"], ids, labels, prices, rng)
    catalogue = _sheet("Produits", PRODUCT_COLUMNS, ["str", "str", "num", "str"],
                       [codes, labels, prices, categories])
    write_xlsx(path, [clients, orders, catalogue], creator="TelecomFR Reporting")
    return n


def write_broken(path: Path, scale: int, seed: int) -> dict[str, int]:
    """A text error page saved under the workbook's name by a failed export job."""
    job = str(values.uuids(1, file_rng(seed, BROKEN_SOURCE))[0])
    path.write_text(
        "Export error\r\n"
        f"Job {job} (report clients_2026T3, format XLSX) failed after 300 s: "
        "upstream timeout.\r\nNo data was written. Please retry the export later.\r\n",
        encoding="utf-8")
    return {}


FILES = [
    ExportFile("telecom", SOURCE, write_workbook,
               {"Clients": (ROWS["Clients"], CLIENT_COLUMNS),
                "Commandes": (ROWS["Commandes"], ORDER_COLUMNS),
                "Produits": (ROWS["Produits"], PRODUCT_COLUMNS)}),
    ExportFile("broken", BROKEN_SOURCE, write_broken, {},
               reason="not an Excel workbook: plain text saved with an .xlsx extension"),
]
