"""The eight-word rule: the project tells the study's facts in its own words.

The repository does not ship the study's sentences. It ships `fixtures/study_shingles.txt.gz`: one
salted, truncated BLAKE2b hash per run of eight consecutive normalised words (a *shingle*) of the
study, built by `scripts/study_shingles.py` from the study's plain text. A test hashes the shingles
of every text the fixtures hold and reports any run it finds there, outside the names and titles
listed in `fixtures/study_names_and_titles.txt` (the study's organisation names and titles, which
the data must repeat exactly).

Normalisation (the same on both sides): accents and ligatures removed, lower case, every run of
letters or digits one word (hyphens and apostrophes separate words, punctuation is dropped).
"""

import gzip
import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from core.text import plain

RUN = 8
SALT = b"ess-coop-study-1"  # BLAKE2b takes at most 16 bytes of salt
DIGEST_BYTES = 6  # 48 bits: with ~30,000 study shingles a chance collision is about 1e-10 per run
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SHINGLES_FILE = FIXTURES / "study_shingles.txt.gz"
NAMES_FILE = FIXTURES / "study_names_and_titles.txt"


def tokens(text: str) -> list[str]:
    return plain(text).split()


def shingle_hash(words: Iterable[str]) -> str:
    return hashlib.blake2b(" ".join(words).encode(), digest_size=DIGEST_BYTES, salt=SALT).hexdigest()


def shingles(words: list[str]) -> Iterator[tuple[int, str]]:
    """(start index, hash) of every run of RUN consecutive words."""
    for start in range(len(words) - RUN + 1):
        yield start, shingle_hash(words[start : start + RUN])


def write_hashes(hashes: set[str], path: Path = SHINGLES_FILE) -> None:
    # mtime=0: the same study gives the same bytes, so rebuilding leaves git clean.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write("".join(f"{h}\n" for h in sorted(hashes)).encode())


def read_hashes(path: Path = SHINGLES_FILE) -> frozenset[str]:
    with gzip.open(path, "rt", encoding="ascii") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def names_and_titles(path: Path = NAMES_FILE) -> list[list[str]]:
    """The allowed names and titles, as word lists, longest first (one per line; `#` starts a comment)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    entries = [tokens(line) for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return sorted((e for e in entries if e), key=len, reverse=True)


def mask_names(words: list[str], names: list[list[str]]) -> list[bool]:
    """For each word: does it belong to an allowed name or title?"""
    masked = [False] * len(words)
    for name in names:
        size = len(name)
        for start in range(len(words) - size + 1):
            if words[start : start + size] == name:
                masked[start : start + size] = [True] * size
    return masked


def shared_runs(text: str, study: frozenset[str], names: list[list[str]]) -> list[str]:
    """The passages of `text` that share RUN or more consecutive words with the study, outside names."""
    words = tokens(text)
    masked = mask_names(words, names)
    copied = [False] * len(words)
    for start, digest in shingles(words):
        # A run that touches an allowed name is not a copied sentence: names break runs.
        if digest in study and not any(masked[start : start + RUN]):
            copied[start : start + RUN] = [True] * RUN
    runs, current = [], []
    for word, flag in zip(words, copied, strict=True):
        if flag:
            current.append(word)
        elif current:
            runs.append(" ".join(current))
            current = []
    if current:
        runs.append(" ".join(current))
    return runs


# Fields that hold a record's own name or title: repeated from the study on purpose.
NAME_FIELDS = ("slug", "name", "acronym", "title", "heading")


def fixture_records(folder: Path = FIXTURES) -> Iterator[tuple[str, dict]]:
    for path in sorted(folder.glob("*.yaml")):
        for record in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            yield path.name, record


def copied_passages(folder: Path = FIXTURES) -> list[str]:
    """« file model key field: words » for every run of RUN words a fixture shares with the study."""
    records = list(fixture_records(folder))
    names = names_and_titles()
    for _, record in records:
        names += [tokens(v) for k, v in record["fields"].items() if k in NAME_FIELDS and isinstance(v, str) and v]
    names.sort(key=len, reverse=True)
    study = read_hashes()
    found = []
    for filename, record in records:
        fields = record["fields"]
        key = fields.get("slug") or fields.get("position") or fields.get("number") or ""
        for field, value in fields.items():
            if field in NAME_FIELDS or not isinstance(value, str):
                continue
            found += [f"{filename} {record['model']} {key} {field}: {run}" for run in shared_runs(value, study, names)]
    return found
