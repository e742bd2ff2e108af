"""The one error of the importer: a file it will not read, with a Vietnamese message."""


class ImportRefused(Exception):
    """A file that cannot be imported. str(error) is the message shown to the user,
    in Vietnamese; callers show it as it is and store nothing."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
