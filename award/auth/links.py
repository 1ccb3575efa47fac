"""Absolute links for e-mails and command output, with or without a request."""

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
    """A path on this site, or None: never an open redirect."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target
