"""What every feature's services share."""


class Refused(Exception):
    """A rule refused the change: nothing was changed, and the message (in the person's
    language) says why. Views show it beside the form; commands print it and exit non-zero."""
