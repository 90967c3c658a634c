"""Chinese-aware tokeniser shared by every search backend.

SQLite FTS5 (unicode61), PostgreSQL's `simple` configuration and Elasticsearch's
standard analyzers all keep a run of Chinese characters as one token, so
"妇幼" never matches "示例市妇幼保健院". We tokenise in Python instead and store
the terms, separated by spaces, beside each record:

- every CJK run gives its bigrams (妇幼, 幼保, 保健 …) and the whole run, so
  any fragment of two or more characters is a sequence of indexed bigrams;
- every CJK run also gives its pinyin initials and their suffixes (妇幼保健院 →
  fybjy, ybjy, bjy, jy), so initials typed from the middle of a name are the
  start of a term;
- letters and digits (USCC, licence numbers) give their runs, lower-cased;
- an identifier mixing scripts (桂卫辅生字〔2023〕第12号) is also kept whole.

The query side turns the user's text into terms that must all be present;
search.matching groups them into units and adds the vocabulary's official names.

Official names of what a record is licensed for (documents.Document.keywords)
are indexed by their whole runs only: keyword_terms.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[0-9a-z]+")
_CJK_RUN = re.compile(rf"^[{_CJK}]+$")
_SPACE = re.compile(r"\s+")
# Longer values (addresses, notes) are not identifiers: no whole-value term.
_MAX_WHOLE_TERM = 40


def normalise(text):
    """Full-width to half-width (NFKC), lower case, trimmed."""
    return unicodedata.normalize("NFKC", text or "").lower().strip()


def is_cjk(term):
    return bool(_CJK_RUN.match(term))


def bigrams(run):
    return [run[i : i + 2] for i in range(len(run) - 1)]


@lru_cache(maxsize=65536)
def pinyin_initials(run):
    # Cached: names share runs (示例, 卫生院, place names), and pinyin is the slow part.
    return "".join(lazy_pinyin(run, style=Style.FIRST_LETTER))


def index_terms(*values, keywords=()):
    """The distinct terms under which a record holding `values` is found, in order;
    `keywords` (official names) add only their whole runs (see keyword_terms)."""
    terms = {}
    for value in values:
        terms.update(dict.fromkeys(_value_terms(value or "")))
    for keyword in keywords:
        terms.update(dict.fromkeys(keyword_terms(keyword or "")))
    return list(terms)


@lru_cache(maxsize=4096)
def keyword_terms(name):
    """The terms of an official name (a service's, a technology's): its whole runs only
    (体外受精-胚胎移植 → 体外受精, 胚胎移植), no bigrams and no pinyin, so a fragment
    of the name (生殖, 医学) does not find every holder; the vocabulary's alternatives
    (search.matching) ask for exactly these terms."""
    return tuple(dict.fromkeys(_RUN.findall(normalise(name))))


@lru_cache(maxsize=65536)
def _value_terms(value):
    """The terms of one value (cached: place names and such repeat across records)."""
    text = normalise(value)
    terms = {}
    runs = _RUN.findall(text)
    for run in runs:
        if is_cjk(run):
            terms.update(dict.fromkeys(bigrams(run) or [run]))
            terms[run] = None
            if len(run) > 1:
                initials = pinyin_initials(run)
                terms.update(dict.fromkeys(initials[i:] for i in range(len(initials) - 1)))
        else:
            terms[run] = None
    compact = _SPACE.sub("", text)
    if len(runs) > 1 and len(compact) <= _MAX_WHOLE_TERM:
        terms[compact] = None
    return tuple(terms)


def search_text(*values, keywords=()):
    """The stored form: terms separated by single spaces, padded at both ends
    so that a term can be matched whole with `contains(" term ")`."""
    return " " + " ".join(index_terms(*values, keywords=keywords)) + " "


@dataclass(frozen=True)
class QueryTerm:
    text: str
    whole: bool  # True: must equal an indexed term; False: must start one (a prefix)


def query_terms(query):
    """Terms that must ALL be present for a record to match `query`.

    A CJK fragment of two or more characters needs each of its bigrams as a
    whole term (the 2-character case is a single lookup). A lone character,
    pinyin initials and letters or digits need a term that starts with them, so
    "fy" finds 妇幼保健院 (fybjy) and "12450102" finds a USCC. Every backend
    implements exactly these two kinds of match. (search.matching adds the
    vocabulary's alternatives and the tolerant retry on top of these terms.)
    """
    result = {}
    for run in _RUN.findall(normalise(query)):
        if is_cjk(run) and len(run) > 1:
            for gram in bigrams(run):
                result[QueryTerm(gram, whole=True)] = None
        else:
            result[QueryTerm(run, whole=False)] = None
    return list(result)
