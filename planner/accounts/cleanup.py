"""What happens to a user's content when the account goes."""


def release_user_content(user_id: int, *, keep_comments: bool) -> None:
    """Detach or remove content that the database does not cascade; the caller commits."""
    # Roadmaps, milestones, earnings, cash-outs and the learning fund go with the user
    # through ON DELETE CASCADE.
    from planner.comments.service import anonymize_comments_of, delete_comments_of

    if keep_comments:
        anonymize_comments_of(user_id)
    else:
        delete_comments_of(user_id)
