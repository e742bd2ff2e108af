class DocumentError(Exception):
    """A document that cannot be produced; str(error) is a Vietnamese message for the user."""
