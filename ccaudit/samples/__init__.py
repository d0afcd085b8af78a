"""Synthetic sample data for ccaudit: contact-centre client exports with gold labels.

Everything is made up with Faker (locales nl_BE, fr_FR, en_GB, nl_NL) and numpy from a
fixed seed; identifiers (Belgian national and BIS numbers, BSNs, NIRs, IBANs, card
numbers, phone numbers) are valid by checksum and checked with python-stdnum and
phonenumbers while generating, but belong to nobody.

Regenerate the committed dataset with ``python -m ccaudit.samples --out data_samples``;
see :mod:`ccaudit.samples.__main__` for the options.
"""
from __future__ import annotations

from ccaudit.samples.exports import DEFAULT_SEED, KEYS, write_exports
from ccaudit.samples.readme import write_readme

__all__ = ["DEFAULT_SEED", "KEYS", "generate", "write_exports", "write_readme"]


def generate(out_dir, scale: int = 1, seed: int = DEFAULT_SEED, only=None, jobs: int = 0):
    """Write the whole sample dataset (exports, gold labels, README) into ``out_dir``."""
    written = write_exports(out_dir, scale=scale, seed=seed, only=only, jobs=jobs)
    write_readme(out_dir, scale=scale, seed=seed)
    return written
