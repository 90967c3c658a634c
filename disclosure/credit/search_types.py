"""What credit contributes to search: penalties (行政处罚) while they are public (双公示).

A penalty is indexed once published (and not ended early, nor a 警告 alone kept
unpublished); its document carries the window it is public in — from its
publication date to its 公示截止期, or to the day before an early end — and search
leaves it out on every other day, on both backends, with no job re-indexing it when
the window closes (the rule is Penalty.is_public; search.documents.Document says
how windows are evaluated).

Only what the public pages show is indexed: a natural person by the masked name
(张*), never the full name, and never an ID number.
"""

from datetime import timedelta

from licensing.models import Institution
from search import registry
from search.documents import Document
from search.registry import SearchType

from .models import Penalty
from .periods import WARNING


def visible_window(penalty):
    """(first, last) day the penalty is public: publication to 公示截止期, or to the day
    before publication ended early (public only on days before `ended_on`)."""
    last = penalty.public_until
    if penalty.ended_on:
        last = min(last, penalty.ended_on - timedelta(days=1))
    return penalty.published_on, last


def title(penalty):
    return f"{penalty.public_subject_name()}行政处罚"


def subtitle(penalty):
    return f"{penalty.kinds_display()}，{penalty.decided_on:%Y-%m-%d}作出处罚决定"


class PenaltySearch(SearchType):
    """Published penalty decisions (行政处罚信息公示), found while public."""

    name, label, model = "penalty", "行政处罚", Penalty

    def get_queryset(self):
        """Published, to be published (a 警告 alone only if marked) and not ended early:
        the dates of the window are the documents' (visible_window)."""
        return Penalty.objects.filter(
            published_on__isnull=False, ended_on__isnull=True,
        ).exclude(kinds=WARNING, publish_warning=False).select_related(
            "institution__region__parent"
        )

    def document(self, penalty):
        institution, region = penalty.institution, penalty.institution.region
        subject = penalty.public_subject_name()
        visible_from, visible_until = visible_window(penalty)
        return Document(
            type=self.name, id=penalty.pk, title=title(penalty), subtitle=subtitle(penalty),
            sort_key=f"6|{region.code}|{subject}|{penalty.decided_on}",
            text=(subject, institution.name, penalty.uscc, penalty.decision_no),
            exact=tuple(v for v in (penalty.uscc, penalty.decision_no) if v),
            city=region.code[:4], county=region.code, services=(penalty.service,),
            visible_from=visible_from, visible_until=visible_until,
        )

    def summary(self, penalty):
        return title(penalty), subtitle(penalty)


def penalties_of(institution):
    """An institution's name and place are in its penalties' documents."""
    return [("penalty", pk) for pk in
            Penalty.objects.filter(institution=institution).values_list("pk", flat=True)]


def register():
    registry.register(PenaltySearch())
    registry.watch(Institution, penalties_of)
    registry.register_labels("type", {PenaltySearch.name: PenaltySearch.label})
