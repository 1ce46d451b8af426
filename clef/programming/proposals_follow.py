"""Following a proposal: each follower's choice of emails, and telling them of a change."""


def tell_followers(event):
    """Email the followers who chose each change (not the person who made it)."""
