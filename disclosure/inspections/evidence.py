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


def evidence_refusal(document, plan):
    """Evidence is a document uploaded by the plan's own authority (or a superuser): never a
    document of the public site, nor another authority's."""
    from licensing.territory import authority_of

    uploader = document.uploaded_by_user
    if uploader is not None and (uploader.is_superuser or authority_of(uploader) == (
            plan.authority)):
        return None
    return f"只能附上本机关工作人员上传的材料（“{document.title}”不是）。"
