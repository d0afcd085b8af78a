"""Generate the synthetic sample dataset.

Usage::

    python -m ccaudit.samples [--out DIR] [--scale N] [--seed S] [--only KEY[,KEY...]] [--jobs J]
    python -m ccaudit.samples --style stt --out DIR [--scale N] [--seed S]

``--out``   output directory (default ``data_samples``; required with ``--style stt``)
``--scale`` multiply every row count by N (default 1; 2500 gives a 1,000,000-row CRM CSV)
``--seed``  random seed (default 20261101); the same seed and scale give the same files
``--only``  write only these files (keys: crm, broken, telecom, energie, callbacks, staff,
            calllist), e.g. ``--only crm`` for a quick benchmark of the big CSV; the gold
            files then list only these files
``--jobs``  write files in J processes (default 0: one per CPU, at most 4, from scale 20
            on); the content does not depend on it
``--style`` ``default`` (the committed dataset) or ``stt``: only call transcripts, 64 per
            scale step, as speech-to-text engines write them (lower case, no punctuation,
            spelled names, numbers in words), with their gold files and a README; no
            exports, so ``--only`` and ``--jobs`` do not apply (see :mod:`ccaudit.samples.stt`)
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ccaudit.samples import DEFAULT_SEED, KEYS, STYLES, generate, generate_stt


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m ccaudit.samples",
                                     description="Write the synthetic ccaudit sample dataset.")
    parser.add_argument("--out", type=Path, help="output directory (default data_samples; required with --style stt)")
    parser.add_argument("--scale", type=int, default=1, help="multiply every row count by N")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--only", type=lambda s: [k.strip() for k in s.split(",") if k.strip()],
                        action="extend", help=f"comma-separated file keys: {', '.join(KEYS)}")
    parser.add_argument("--jobs", type=int, default=0,
                        help="worker processes (0: one per CPU, at most 4, from scale 20 on)")
    parser.add_argument("--style", choices=STYLES, default="default",
                        help="default: the whole dataset; stt: call transcripts as speech-to-text engines write them")
    args = parser.parse_args(argv)
    if args.style != "default" and args.only:
        parser.error(f"--only does not apply to --style {args.style} (it writes transcripts only)")
    if args.style != "default" and args.out is None:
        parser.error(f"--style {args.style} needs --out DIR (it replaces DIR/transcripts)")
    args.out = args.out or Path("data_samples")
    if args.scale < 1:
        parser.error("--scale must be at least 1")
    unknown = set(args.only or ()) - set(KEYS)
    if unknown:
        parser.error(f"unknown --only keys: {', '.join(sorted(unknown))} (choose from {', '.join(KEYS)})")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    start = time.perf_counter()
    if args.style != "default":
        calls = generate_stt(args.out, scale=args.scale, seed=args.seed)
        spans = sum(len(t.spans) for c in calls for t in c.turns)
        print(f"{time.perf_counter() - start:6.1f}s  {len(calls)} calls, {spans} gold spans "
              f"({args.style}) -> {args.out}")
        return 0
    written = generate(args.out, scale=args.scale, seed=args.seed, only=args.only, jobs=args.jobs)
    for w in written:
        rows = ", ".join(f"{sheet or 'rows'}={n}" for sheet, n in w.rows.items()) or "unreadable"
        print(f"{w.seconds:6.1f}s  exports/{w.source}  ({rows})")
    print(f"{time.perf_counter() - start:6.1f}s  total -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
