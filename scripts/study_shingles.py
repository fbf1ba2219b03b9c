"""Build fixtures/study_shingles.txt.gz from the study's plain text (see ess_coop/study_wording.py).

    .venv/bin/python scripts/study_shingles.py PATH/TO/STUDY.txt

Only hashes are written: the repository never holds the study's sentences. The extraction of the
study glued some hyphenated names (« ÎledeFrance ») and cut words at line ends (« coopéra tion »):
both the text as extracted and a repaired reading are hashed, so a copy of either is found.
"""

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ess_coop.study_wording import SHINGLES_FILE, shingles, tokens, write_hashes

# Hyphenated names the text extraction glued together, and the words they stand for.
GLUED = {
    "iledefrance": "ile de france",
    "cergypontoise": "cergy pontoise",
    "portonovo": "porto novo",
    "seinesaintdenis": "seine saint denis",
    "nordpas": "nord pas",
    "coconstruction": "co construction",
    "sudsud": "sud sud",
}


def repaired(words: list[str]) -> list[str]:
    """Split glued names; join two pieces of a word cut at a line end (« coopéra tion ») when the
    whole word occurs in the study at least as often as one of its pieces alone."""
    words = " ".join(GLUED.get(w, w) for w in words).split()
    known = Counter(words)
    out: list[str] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words):
            whole = words[i] + words[i + 1]
            if known[whole] and min(known[words[i]], known[words[i + 1]]) <= known[whole]:
                out.append(whole)
                i += 2
                continue
        out.append(words[i])
        i += 1
    return out


def main(path: str) -> None:
    raw = tokens(Path(path).read_text(encoding="utf-8"))
    hashes = {digest for _, digest in shingles(raw)} | {digest for _, digest in shingles(repaired(raw))}
    write_hashes(hashes)
    print(f"{len(raw)} mots, {len(hashes)} empreintes → {SHINGLES_FILE}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
