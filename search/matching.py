"""How a query's text matches a record: one plan that every backend translates.

The text becomes *units*. A record matches when it satisfies every unit (strict), or
at least two thirds of them (tolerant: the retry when the strict search finds
nothing, ranked by how many units a record satisfies). A unit is a tuple of
alternatives, any one of which will do; an alternative is a tuple of
tokenizer.QueryTerm, all of which must be present.

Most units are a single term: a bigram of the text, pinyin initials, a number. A
word of the vocabulary (search/vocabulary.toml) found in the text is one unit whose
alternatives are the word as typed and each official name it stands for, asked as
that name's whole runs (tokenizer.keyword_terms, as records index them). So 试管婴儿
also finds the holders of 人类辅助生殖技术 and of 体外受精-胚胎移植, at query
time, whatever the vocabulary held when the records were indexed. Around such a
word, the words that only describe it (医院 of 婚检医院, 哪里可以做) and lone
characters are left out; the rest of the text (南宁 of 南宁试管婴儿) still counts.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from . import vocabulary
from .tokenizer import _RUN, QueryTerm, is_cjk, keyword_terms, normalise, query_terms

# A tolerant match needs at least this share of the units (rounded up) …
TOLERANCE = (2, 3)
# … and is only tried with this many units or more (with fewer, two thirds is all).
TOLERANT_FROM = 3


@dataclass(frozen=True)
class Word:
    """A vocabulary word found in the text and the official names it was searched as."""

    typed: str
    names: tuple


@dataclass(frozen=True)
class TextMatch:
    """What a record must hold: `minimum` of the `units` (each: one alternative of it,
    every QueryTerm of that alternative)."""

    units: tuple
    minimum: int  # units a record must satisfy: len(units) unless tolerant
    words: tuple = ()  # Word, for each vocabulary word that brought in other names

    @property
    def tolerant(self):
        return self.minimum < len(self.units)


def text_match(text, tolerant=False):
    """The plan for matching `text`, or None when it has no terms (it matches
    everything). `tolerant`: at least two thirds of the units, when there are
    enough of them to leave some out (else the strict plan)."""
    return _plan(normalise(text), tolerant, vocabulary.current())


def can_relax(text):
    """True if a tolerant search would ask for less than the strict one."""
    match = text_match(text)
    return match is not None and len(match.units) >= TOLERANT_FROM


def vocabulary_words(text):
    """The vocabulary words of `text` that stood for other official names, each spelt
    as the user typed it where that can be told (NIPT, not nipt)."""
    match = text_match(text)
    if match is None:
        return ()
    typed = unicodedata.normalize("NFKC", text or "")
    words = []
    for word in match.words:
        found = re.search(re.escape(word.typed), typed, re.IGNORECASE)
        words.append(Word(found.group(), word.names) if found else word)
    return tuple(words)


@lru_cache(maxsize=1024)
def _plan(text, tolerant, words):
    """`words`: the Vocabulary (part of the cache key: a changed file makes a new one)."""
    units, found = {}, {}
    matches = words.find(text)
    for piece in _leftovers(text, matches):
        if matches:  # what only describes the vocabulary word: 医院 of 婚检医院, 做, 查
            piece = words.strip(piece)
            if is_cjk(piece) and len(piece) == 1:
                continue
        units.update(dict.fromkeys(((term,),) for term in query_terms(piece)))
    for match in matches:
        alternatives = {}
        if typed := tuple(query_terms(match.typed)):
            alternatives[typed] = None
        for name in match.names:
            alternatives[tuple(QueryTerm(t, whole=True) for t in keyword_terms(name))] = None
        units[tuple(alternatives)] = None
        others = tuple(n for n in match.names if normalise(n) != match.typed)
        if others:
            found[Word(match.typed, others)] = None
    if not units:
        return None
    units = tuple(units)
    minimum = len(units)
    if tolerant and len(units) >= TOLERANT_FROM:
        share, of = TOLERANCE
        minimum = -(-len(units) * share // of)  # rounded up
    return TextMatch(units, minimum, tuple(found))


def _leftovers(text, matches):
    """The parts of the runs of `text` that the vocabulary's matches leave."""
    spans = [(m.start, m.end) for m in matches]
    for run in _RUN.finditer(text):
        start, end = run.span()
        position = start
        for cut_start, cut_end in spans:
            if cut_end <= position or cut_start >= end:
                continue
            if cut_start > position:
                yield text[position:cut_start]
            position = max(position, cut_end)
        if position < end:
            yield text[position:end]
