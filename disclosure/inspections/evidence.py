"""整改证明材料 (a 回头看's evidence) are staff-only: they may show people's names, so each
is kept in a collection that only logged-in staff may open, whatever collection it was
uploaded to."""

from django.db import transaction

EVIDENCE_COLLECTION = "整改证明材料（仅工作人员可查看）"


@transaction.atomic
def evidence_collection():
    """The staff-only collection (made on first use, under the root collection)."""
    from wagtail.models import Collection, CollectionViewRestriction

    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=EVIDENCE_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=EVIDENCE_COLLECTION)
    CollectionViewRestriction.objects.get_or_create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    return collection


def keep_private(document):
    """Move `document` into the staff-only collection (it stays there)."""
    collection = evidence_collection()
    if document.collection_id != collection.pk:
        document.collection = collection
        document.save(update_fields=["collection"])
