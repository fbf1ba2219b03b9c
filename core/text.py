"""Text normalisation for search (words, accents, French stems, stop words) and word-level differences."""

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

import snowballstemmer

from .stopwords import FRENCH_STOP_WORDS

WORD = re.compile(r"[^\W_]+", re.UNICODE)
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
MAX_QUERY_WORDS = 12
MAX_QUERY_LENGTH = 300

_stemmer = snowballstemmer.stemmer("french")


def unaccent(text: str) -> str:
    """« Énergie » → « Energie », « œuvre » → « oeuvre »."""
    decomposed = unicodedata.normalize("NFKD", text.translate(LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def plain(text: str) -> str:
    """Lower case, no accents, words separated by single spaces (for similarity and comparisons)."""
    return " ".join(WORD.findall(unaccent(text or "").lower()))


def words(text: str) -> list[str]:
    """The searchable words of `text`: lower case, unaccented, stop words dropped (as PostgreSQL's
    `french_unaccent` configuration does: the stop-word list is checked after removing accents)."""
    return [w for w in WORD.findall(unaccent(text or "").lower()) if w not in FRENCH_STOP_WORDS]


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    return _stemmer.stemWord(word)


def stem_words(words_: list[str]) -> list[str]:
    """The French Snowball stems of words already split and normalised. Stemming in pure Python costs
    a fraction of a millisecond a word and a corpus repeats its words: each word is stemmed once."""
    return [_stem(w) for w in words_]


def stems(text: str) -> list[str]:
    """French Snowball stems of the searchable words (« coopératives » → « cooper »)."""
    return stem_words(words(text))


def query_words(query: str) -> list[str]:
    """The words of a user's query, bounded in number and length (a 10 kB query costs nothing)."""
    return words((query or "")[:MAX_QUERY_LENGTH])[:MAX_QUERY_WORDS]


TOKEN = re.compile(r"\s+|[^\W_]+|[\W_]", re.UNICODE)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """What changed from `old` to `new`, word by word: [(op, text)] with op « equal », « delete » or
    « insert » (spaces and punctuation are tokens of their own, so joining the texts gives back both)."""
    a, b = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    segments = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(("equal", "".join(a[i1:i2])))
            continue
        if i1 < i2:
            segments.append(("delete", "".join(a[i1:i2])))
        if j1 < j2:
            segments.append(("insert", "".join(b[j1:j2])))
    return segments
