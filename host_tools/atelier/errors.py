"""Errors a user can cause: printed as one line (what, where, what to do), exit code 1."""


class UserError(Exception):
    """A problem in the user's input or setup, not a bug in atelier."""

    exit_code = 1
