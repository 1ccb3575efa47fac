"""Absolute links for e-mails and command output, with or without a request.

A link is PUBLIC_BASE_URL plus the page's path, never the request's Host header: a forged
Host must not put someone else's site into a password-reset link. Only in development
(award/config.py: tests, `award run`, `make run`, AWARD_ENV=development), when
PUBLIC_BASE_URL is not set, does a link point at the development server itself: the address
its socket listens on (Werkzeug's SERVER_NAME and SERVER_PORT, or the test client's), and
outside a request http://localhost:5000. Production never gets that far: the app does not start
without PUBLIC_BASE_URL there.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request

from award.config import DEVELOPMENT_BASE_URL

# Listening on every interface: a browser on this machine reaches it as localhost.
UNSPECIFIED = {"0.0.0.0", "::", ""}


def _development_server() -> str:
    """The development server's own address: what its socket listens on (Werkzeug), or the
    test client's base URL, never the Host header or X-Forwarded-* (ProxyFix keeps the
    originals aside). Any other server: the development default."""
    environ = request.environ
    environ = {**environ, **environ.get("werkzeug.proxy_fix.orig", {})}
    werkzeug = str(environ.get("SERVER_SOFTWARE", "")).startswith("Werkzeug/")
    if not (werkzeug or current_app.testing):
        return DEVELOPMENT_BASE_URL
    scheme = environ.get("wsgi.url_scheme", "http")
    host = str(environ.get("SERVER_NAME", ""))
    host = "localhost" if host in UNSPECIFIED else host
    if ":" in host:
        host = f"[{host}]"
    port = str(environ.get("SERVER_PORT", ""))
    default_port = {"http": "80", "https": "443"}.get(scheme)
    return f"{scheme}://{host}" + ("" if port in ("", default_port) else f":{port}")


def base_url() -> str:
    """Where links point: PUBLIC_BASE_URL; in development without it, the development
    server (see the module's docstring)."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return base.rstrip("/")
    if not current_app.config.get("DEVELOPMENT"):
        raise RuntimeError("AWARD_PUBLIC_BASE_URL is not set: links in e-mails need it")
    return _development_server() if has_request_context() else DEVELOPMENT_BASE_URL


def external_url(base: str, endpoint: str, **values) -> str:
    """The endpoint's address under `base` (which may carry a path prefix); no request
    needed, so a background job can build links with the base its request chose."""
    parts = urlsplit(base)
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/",
                                       url_scheme=parts.scheme)
    current_app.inject_url_defaults(endpoint, values)
    return adapter.build(endpoint, values, force_external=True)


def absolute_url(endpoint: str, **values) -> str:
    return external_url(base_url(), endpoint, **values)


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
