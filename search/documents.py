"""What a search backend stores and answers, independent of any app or engine.

Apps describe each record as a Document (search/registry.py says how); a backend
indexes Documents and answers a SearchQuery with a SearchPage of (type, id) hits
that the caller reads back from the database, in order.

A document may be public only for a while (a penalty, between its publication and
its 公示截止期): its visible window is stored with it, and every query of every
backend leaves it out on days outside the window, so it stops being found on the
day after the window closes without being indexed again.
"""

from dataclasses import dataclass, field
from datetime import date

# Facets every backend counts and filters on (values are codes; labels come from the types).
FACETS = ("type", "city", "county", "service", "technology", "status")

# Totals are counted exactly up to this many results; past it a backend reports this
# number as a lower bound (Elasticsearch's track_total_hits), and pages stop there:
# counting or sorting a hundred thousand matches would cost every query that finds
# them, and no one reads past the thousandth result (the full register is published
# as list editions).
TOTAL_LIMIT = 1000


@dataclass(frozen=True)
class LicenceWindow:
    """A licence inside a document: filters on service, technology and status apply to
    one and the same licence, and status is evaluated on the query's day."""

    service: str
    technologies: tuple = ()
    state: str = "active"
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass
class Document:
    type: str
    id: int
    title: str
    subtitle: str = ""
    sort_key: str = ""
    text: tuple = ()  # the strings the record is found by (tokenised by search.tokenizer)
    exact: tuple = ()  # identifiers (USCC, licence numbers): an exact match ranks first
    city: str = ""
    county: str = ""
    services: tuple = ()  # for records without licence windows (decisions, notices)
    technologies: tuple = ()
    statuses: tuple = ()  # fixed statuses (an application's 办理状态)
    licences: tuple = ()  # LicenceWindow, for records whose status follows the calendar
    # Official names of what the record is licensed for (its services' and technologies'
    # labels, added by search.indexing): indexed as whole words only, for the vocabulary.
    keywords: tuple = ()
    # The days it may be found on: visible_from <= day <= visible_until, each bound
    # left open when None (most records: always). Evaluated on the query's day.
    visible_from: date | None = None
    visible_until: date | None = None

    def visible_on(self, day):
        """True if the document may be found on `day` (the rule every backend applies)."""
        return ((self.visible_from is None or self.visible_from <= day)
                and (self.visible_until is None or day <= self.visible_until))


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    types: tuple = ()  # empty: every registered type
    city: str = ""
    county: str = ""
    service: str = ""
    technology: str = ""
    status: str = ""
    # The day licence statuses and visible windows are evaluated on (today).
    on: date | None = None
    page: int = 1
    per_page: int = 20
    facets: bool = True
    # Tolerant: match most of the text (search.matching), ranked by how much; what
    # search.indexing retries with when the text matched nothing.
    approximate: bool = False


@dataclass
class SearchPage:
    hits: list  # [(type, id)], in rank order, this page only
    total: int  # at most TOTAL_LIMIT
    facets: dict = field(default_factory=dict)  # facet -> {value: count}
    backend: str = "database"
    degraded: bool = False  # True when the preferred backend failed and the database answered
    total_exact: bool = True  # False: there are more than `total` results
    approximate: bool = False  # True: nothing matched the whole text; these match most of it
    words: tuple = ()  # matching.Word: vocabulary words also searched as official names
