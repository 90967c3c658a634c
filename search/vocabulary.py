"""The words people use for what the register licenses, read from vocabulary.toml.

The data maps colloquial names and abbreviations (试管婴儿, 婚检, 唐筛, NIPT …) to
official names as they are indexed: the names of services and technologies that
search.indexing adds to each record as keywords. It maps words to words, never to
an app's codes (search imports no app). It is read at query time, and read again
when the file changes, so staff extend it without re-indexing anything.
"""

import logging
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from threading import Lock

from .tokenizer import normalise

PATH = Path(__file__).with_name("vocabulary.toml")
logger = logging.getLogger("search")
_WORD = re.compile(r"[0-9a-z]")


@dataclass(frozen=True)
class Match:
    """`typed` (as the user wrote it, normalised) found at text[start:end], standing
    for `names` (official names, in the file's order)."""

    typed: str
    start: int
    end: int
    names: tuple


class Vocabulary:
    def __init__(self, entries, ignore=()):
        """entries: [{"name": official name, "aliases": [...]}], in the file's order;
        ignore: words that only describe a vocabulary word next to them (医院 of 婚检医院)."""
        self.ignore = tuple(sorted({normalise(w) for w in ignore if normalise(w)},
                                   key=lambda w: (-len(w), w)))
        names = {}
        for entry in entries:
            name = str(entry["name"]).strip()
            aliases = entry.get("aliases", ())
            if isinstance(aliases, str):  # aliases = "婚检" instead of ["婚检"]
                aliases = [aliases]
            for alias in (name, *aliases):
                key = normalise(str(alias))
                if len(key) >= 2:  # one character would turn up in every other query
                    names.setdefault(key, {})[name] = None
        self.names = {key: tuple(found) for key, found in names.items()}
        self.official = tuple(dict.fromkeys(str(e["name"]).strip() for e in entries))
        # Longest first, so 第二代试管婴儿 wins over 试管婴儿 and 试管.
        self._pattern = re.compile("|".join(
            re.escape(key) for key in sorted(self.names, key=lambda k: (-len(k), k))
        )) if self.names else None

    def find(self, text):
        """The vocabulary's words in `text` (normalised), leftmost-longest, not overlapping.
        A word starting or ending with a letter or digit must stand alone there (AID is
        not found in "aida")."""
        if self._pattern is None:
            return []
        found, position = [], 0
        while match := self._pattern.search(text, position):
            start, end = match.span()
            if self._stands_alone(text, start, end):
                found.append(Match(match.group(), start, end, self.names[match.group()]))
                position = end
            else:
                position = start + 1
        return found

    def strip(self, piece):
        """`piece` without the ignorable words at either end (哪里可以做 → 做)."""
        stripped = True
        while piece and stripped:
            stripped = False
            for word in self.ignore:
                if piece.startswith(word) or piece.endswith(word):
                    piece = piece[len(word):] if piece.startswith(word) else piece[:-len(word)]
                    stripped = True
                    break
        return piece

    @staticmethod
    def _stands_alone(text, start, end):
        before = start > 0 and _WORD.match(text[start - 1]) and _WORD.match(text[start])
        after = end < len(text) and _WORD.match(text[end]) and _WORD.match(text[end - 1])
        return not (before or after)


def load(path=PATH):
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    return Vocabulary(data.get("term", []), data.get("ignore", {}).get("words", ()))


_loaded = {"key": None, "vocabulary": Vocabulary([])}
_lock = Lock()


def current():
    """The vocabulary in vocabulary.toml, read again whenever the file changes. A file
    that cannot be read (a typo while editing) is logged and the last good vocabulary
    kept, so search goes on working (tests/search/test_vocabulary.py checks the file)."""
    try:
        stat = PATH.stat()
        key = (str(PATH), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = None
    with _lock:
        if key is not None and _loaded["key"] != key:
            try:
                _loaded["vocabulary"] = load(PATH)
            except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError):
                logger.exception("search vocabulary %s not read; the last good one is used", PATH)
            _loaded["key"] = key
        return _loaded["vocabulary"]
