"""Absolute links for e-mails and command output, with or without a request."""

from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for

# Where `award run` serves by default; used by commands when PUBLIC_BASE_URL is not set.
DEVELOPMENT_BASE_URL = "http://localhost:5000"


def absolute_url(endpoint: str, **values) -> str:
    base = current_app.config.get("PUBLIC_BASE_URL")
    if has_request_context():
        if base:
            return base.rstrip("/") + url_for(endpoint, **values)
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=base or DEVELOPMENT_BASE_URL):
        return url_for(endpoint, _external=True, **values)


def safe_next(target: str | None) -> str | None:
    """A path on this site, or None: never an open redirect.

    Browsers drop tabs and newlines and read a backslash as a slash, so "/\t/evil.example"
    would become "//evil.example": any control character or backslash refuses the target.
    """
    if not target or any(ord(char) < 32 or char in "\\\x7f" for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def invitation_link(token: str) -> str:
    return absolute_url("auth.accept_invitation", token=token)


def invitation_valid() -> timedelta:
    return timedelta(days=current_app.config["INVITATION_VALID_DAYS"])
