"""Fidelity: how many ordinary programs from the boards' docs run as on the board.

The corpus is tests/programs/<family>/*.py (each says what the real board prints or raises;
tests/program_corpus.py reads it). Prints per family "N/M programs run as on the board", and
with --verbose what differs for the others. Run: python bench/fidelity.py [--verbose]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from program_corpus import FAMILIES, corpus, run  # noqa: E402 - after the path is set


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args()
    total_ok = total = 0
    for family in FAMILIES:
        progs = corpus(family)
        ok, notes = 0, []
        for prog in progs:
            try:
                differences = run(prog).differences(prog)
            except Exception as e:  # noqa: BLE001 - a simulator that cannot run it at all
                differences = [f"did not run: {type(e).__name__}: {str(e).splitlines()[0]}"]
            if differences:
                notes.append(f"  {prog.name}: " + "; ".join(differences))
            else:
                ok += 1
        total_ok, total = total_ok + ok, total + len(progs)
        print(f"{family}: {ok}/{len(progs)} programs run as on the board")
        if args.verbose and notes:
            print("\n".join(notes))
    print(f"all: {total_ok}/{total}")


if __name__ == "__main__":
    main()
