"""What the apps index: they register search types; `search` imports no app.

A SearchType names a kind of record, says which records are public and how each
becomes a documents.Document. Apps also give the labels of facet values and the
rule that decides a licence window's status on a day (as search.conditions).
"""

_types = {}
_watched = {}
_labels = {}
_status_rule = {"rule": None, "values": ()}


class SearchType:
    name = ""  # e.g. "institution"
    label = ""  # e.g. "医疗机构"
    model = None

    def get_queryset(self):
        """The records the public may find (drafts and unpublished ones excluded). It is
        read when a record is indexed, not when it is searched: a record public only
        for a while gives its dates as its document's visible window instead."""
        return self.model._default_manager.all()

    def document(self, obj):
        raise NotImplementedError

    def summary(self, obj):
        """(title, subtitle) shown for a result; override when document() costs queries."""
        document = self.document(obj)
        return document.title, document.subtitle

    def documents(self, queryset):
        """Documents for many records (a rebuild); override to read them faster."""
        return (self.document(obj) for obj in queryset.iterator(chunk_size=2000))

    def documents_of(self, ids, readings):
        """Documents of the public records among `ids`, for one write of the index.
        `readings` is a dict kept for that write: types written together (an institution
        and its licence) may leave there rows another can build its documents from."""
        return self.documents(self.get_queryset().filter(pk__in=ids))

    def affected(self, obj):
        """(search type name, id) pairs to re-index when `obj` changes (besides itself)."""
        return []


def register(search_type):
    """Index `search_type`'s records, kept current by its model's save and delete signals
    (connected by SearchConfig.ready for every model registered by then: apps register
    in their own ready(), and search comes after them in INSTALLED_APPS)."""
    _types[search_type.name] = search_type
    return search_type


def watch(model, affected):
    """Re-index what `affected(obj)` names — (type name, id) pairs — when a `model`
    record changes; for records shown inside another type's documents. Several apps
    may watch the same model (a credit record and a notice may both show an institution)."""
    watchers = _watched.setdefault(model, [])
    if affected not in watchers:
        watchers.append(affected)


def indexed_models():
    """Every model whose records' changes change the index."""
    return {t.model for t in _types.values()} | set(_watched)


def watched(model):
    """affected(obj) -> every (type name, id) pair the watchers of `model` name, or None."""
    watchers = _watched.get(model)
    if not watchers:
        return None
    return lambda obj: [pair for affected in watchers for pair in affected(obj)]


def types():
    return dict(_types)


def get(name):
    return _types[name]


def type_for_model(model):
    for search_type in _types.values():
        if search_type.model is model:
            return search_type
    return None


def register_labels(facet, labels):
    """Add labels of a facet's values: a dict, or a callable returning one (read at query
    time). Several apps may label values of the same facet."""
    _labels.setdefault(facet, []).append(labels)


def labels(facet):
    merged = {}
    for source in _labels.get(facet, []):
        merged.update(source() if callable(source) else source)
    return merged


def set_status_rule(rule, values):
    """rule(status, on) -> conditions on LicenceWindow fields; values: every status."""
    _status_rule.update(rule=rule, values=tuple(values))


def status_conditions(status, on):
    return _status_rule["rule"](status, on)


def status_values():
    return _status_rule["values"]
