"""What happens when a review workflow finishes (imported by Wagtail while its models load,
so this module imports nothing at the top)."""


def publish_approved(workflow_state, user=None):
    """WAGTAIL_FINISH_WORKFLOW_ACTION: publish what the review approved, as the approver.

    Approving the last task is the authority to publish, so no separate publish
    permission is checked; staff are never given one, which is what keeps them
    from publishing an edition directly, without a second person's review.
    """
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
