"""The GDPR in one table: the six rights with their articles, the roles, the legal bases and
the time a request must be answered in. Every layer (audit configuration, request plans,
readiness, command line, notebooks) reads them from here.

>>> RIGHTS["erasure"], list(RIGHTS)[:2]
('Art. 17', ['access', 'rectification'])
>>> deadline(dt.date(2026, 1, 31)), deadline(dt.date(2026, 1, 31), extended=True)
(datetime.date(2026, 2, 28), datetime.date(2026, 4, 30))
"""
from __future__ import annotations

import calendar
import datetime as dt

# The six rights the audit checks readiness for, in the order of their articles.
RIGHTS = {
    "access": "Art. 15",
    "rectification": "Art. 16",
    "erasure": "Art. 17",
    "restriction": "Art. 18",
    "portability": "Art. 20",
    "objection": "Art. 21",
}
# Rights answered with a copy of the data: the only ones that call for a bundle (Art. 15(3), 20(1)).
COPY_RIGHTS = ("access", "portability")
# Rights that bind a client's later processing of the subject's data (Art. 18, 21).
OBJECTION_RIGHTS = ("objection", "restriction")

# Who decides about a dataset: the contact centre is the client's processor (Art. 28), the
# controller of its own call lists and staff data, or a joint controller (Art. 26).
CONTROLLER, PROCESSOR, JOINT_CONTROLLER = "controller", "processor", "joint_controller"
ROLES = (PROCESSOR, CONTROLLER, JOINT_CONTROLLER)
# Which way an exchange of data goes, and the contact centre's role and the client's by
# default: received from a client (the contact centre its processor, Art. 28), returned to the
# client (call outcomes, recordings, agent notes: enriched with the contact centre's own
# agents' data, so it is the controller of what it sends and the client its processor),
# shared with a third party (a dialler vendor, a speech-to-text provider: on the client's
# behalf, the third party a sub-processor), internal (the contact centre's own data).
RECEIVED, RETURNED, SHARED, INTERNAL = "received", "returned", "shared", "internal"
DIRECTIONS = {RECEIVED: (PROCESSOR, CONTROLLER), RETURNED: (CONTROLLER, PROCESSOR),
              SHARED: (PROCESSOR, CONTROLLER), INTERNAL: (CONTROLLER, None)}
# Categories of data subjects (Art. 30(1)(c)).
SUBJECT_CATEGORIES = ("customers", "prospects", "callers", "employees", "contacts")
# The European Economic Area: transfers outside it need a safeguard (Art. 44-49).
EEA = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE "
                "IS LI NO".split())
SAFEGUARDS = {"adequacy_decision": "Art. 45", "standard_contractual_clauses": "Art. 46(2)(c)",
              "binding_corporate_rules": "Art. 47", "derogation": "Art. 49", "none": ""}

# Art. 6(1)(a)-(f), in that order.
LEGAL_BASES = ("consent", "contract", "legal_obligation", "vital_interests", "public_task",
               "legitimate_interests")

# Art. 12(3): a request is answered within one month, extendable by two further months
# (with notice to the subject).
ANSWER_MONTHS, EXTENDED_MONTHS = 1, 3


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, the day clamped to the month's end.

    >>> add_months(dt.date(2024, 1, 31), 1), add_months(dt.date(2026, 11, 15), 3)
    (datetime.date(2024, 2, 29), datetime.date(2027, 2, 15))
    """
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def deadline(received: dt.date | None = None, extended: bool = False) -> dt.date:
    """When a request received on ``received`` (default today) must be answered (Art. 12(3))."""
    return add_months(received or dt.date.today(), EXTENDED_MONTHS if extended else ANSWER_MONTHS)


__all__ = ["ANSWER_MONTHS", "CONTROLLER", "COPY_RIGHTS", "DIRECTIONS", "EEA", "EXTENDED_MONTHS", "INTERNAL",
           "JOINT_CONTROLLER", "LEGAL_BASES", "RECEIVED", "RETURNED", "SAFEGUARDS", "SHARED",
           "SUBJECT_CATEGORIES", "OBJECTION_RIGHTS", "PROCESSOR", "RIGHTS", "ROLES", "add_months", "deadline"]
