"""Conditions on a record's stored fields, written once and translated per backend.

A condition set is a list of clauses that must all hold; a clause is a list of
alternatives (field, op, value) of which one must hold. Ops: "in", "lt", "lte",
"gt", "gte", "isnull". Apps state date-dependent rules (a licence's status on a
day) this way, so the ORM, the database backend and Elasticsearch agree.
"""

from django.db.models import Q

OPS = ("in", "lt", "lte", "gt", "gte", "isnull")


def to_q(conditions, prefix=""):
    """The conditions as a Django Q, on fields reached through `prefix` (e.g. "licences__")."""
    result = Q()
    for clause in conditions:
        alternatives = Q()
        for field, op, value in clause:
            assert op in OPS, op
            alternatives |= Q(**{f"{prefix}{field}__{op}": value})
        result &= alternatives
    return result


def to_elasticsearch(conditions, path=""):
    """The conditions as an Elasticsearch bool query (fields under `path.` when nested)."""
    def name(field):
        return f"{path}.{field}" if path else field

    def one(field, op, value):
        if op == "in":
            return {"terms": {name(field): list(value)}}
        if op == "isnull":
            exists = {"exists": {"field": name(field)}}
            return {"bool": {"must_not": [exists]}} if value else exists
        return {"range": {name(field): {op: value.isoformat()}}}

    return {"bool": {"filter": [
        {"bool": {"should": [one(*alt) for alt in clause], "minimum_should_match": 1}}
        for clause in conditions
    ]}}
