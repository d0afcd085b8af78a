"""Synthetic sample data for ccaudit: contact-centre client exports and call transcripts
with gold labels.

Everything is made up with Faker (locales nl_BE, fr_FR, en_GB, nl_NL) and numpy from a
fixed seed; identifiers (Belgian national and BIS numbers, BSNs, NIRs, IBANs, card
numbers, phone numbers) are valid by checksum and checked with python-stdnum and
phonenumbers while generating, but belong to nobody.

Regenerate the committed dataset with ``python -m ccaudit.samples --out data_samples``;
see :mod:`ccaudit.samples.__main__` for the options. ``--style stt`` writes call transcripts
only, as speech-to-text engines write them (:mod:`ccaudit.samples.stt`).
"""
from __future__ import annotations

from pathlib import Path

try:
    import faker  # noqa: F401  (only the generator needs it: the [samples] extra)
except ImportError as exc:  # pragma: no cover - depends on the install
    raise ImportError("the sample generator needs Faker, which a plain install of ccaudit does "
                      "not carry: pip install 'ccaudit[samples]' (make installs it with [dev])") from exc

from ccaudit.samples import exports, outbound, stt, subjects, transcripts
from ccaudit.samples.audit import write_audit
from ccaudit.samples.exports import DEFAULT_SEED, write_exports
from ccaudit.samples.exports import KEYS as EXPORT_KEYS
from ccaudit.samples.readme import write_readme, write_stt_readme
from ccaudit.samples.transcripts import KEY as TRANSCRIPTS_KEY
from ccaudit.samples.transcripts import write_transcripts

#: ``--only`` keys: the export files, and ``transcripts`` for the call transcripts.
KEYS = EXPORT_KEYS + (TRANSCRIPTS_KEY,)
#: ``--style`` values: the committed dataset, or transcripts as speech-to-text engines write them.
STYLES = ("default", stt.STYLE)

__all__ = ["DEFAULT_SEED", "KEYS", "STYLES", "generate", "generate_stt", "write_exports", "write_readme",
           "write_transcripts"]


def generate(out_dir, scale: int = 1, seed: int = DEFAULT_SEED, only=None, jobs: int = 0):
    """Write the whole sample dataset (exports, transcripts, gold labels, README) into ``out_dir``.

    ``only`` selects export keys and/or ``"transcripts"``; the returned list describes
    the export files written. ``gold/subjects.csv`` lists the planted subjects' records in
    what was written (see :mod:`ccaudit.samples.subjects`). The audit configuration
    (``audit.yaml``, ``gold/audit_problems.csv``: see :mod:`ccaudit.samples.audit`) describes
    every file, so it is written only with the whole dataset (no ``only``).
    """
    only = list(only or ())
    export_keys = [k for k in only if k != TRANSCRIPTS_KEY]
    written = write_exports(out_dir, scale=scale, seed=seed, only=export_keys, jobs=jobs) \
        if not only or export_keys else []
    calls = write_transcripts(out_dir, scale=scale, seed=seed) if not only or TRANSCRIPTS_KEY in only else []
    subjects.write_gold(Path(out_dir) / "gold", exports.subject_occurrences(written, seed, scale)
                        + transcripts.subject_occurrences(calls))
    if not only:
        outbound.write_outbound(out_dir, seed)
        write_audit(out_dir, seed, scale, {(w.source, sheet): n for w in written for sheet, n in w.rows.items()},
                    calls)
    write_readme(out_dir, scale=scale, seed=seed)
    return written


def generate_stt(out_dir, scale: int = 1, seed: int = DEFAULT_SEED) -> list[stt.SttCall]:
    """Write the ``stt`` style (``--style stt``): call transcripts as speech-to-text engines
    write them, their gold files and a README; no exports (see :mod:`ccaudit.samples.stt`)."""
    calls = stt.write_stt(out_dir, scale=scale, seed=seed)
    write_stt_readme(out_dir, calls, scale=scale, seed=seed)
    return calls
