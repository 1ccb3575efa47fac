"""One access-log line per request, as JSON, and a request id that follows the request.

The id comes from the balancer's X-Request-ID when it sends a sensible one, or is made here;
it is sent back in the answer, so a person's report and the log lines meet. Secrets in
addresses (edit, invitation and reset links, a draft's key) never reach the log: the path is
logged with them replaced, and the query string is left out."""

import json
import logging
import re
import sys
import time
import uuid

from flask import Flask, current_app, g, request

ACCESS = logging.getLogger("award.access")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# The names of address parts that are someone's private key (see the routes).
SECRET_PARTS = ("token", "key")


def init_app(app: Flask) -> None:
    app.before_request(start)
    app.after_request(finish)
    if app.config["ACCESS_LOG"] is None:
        app.config["ACCESS_LOG"] = not app.config["DEVELOPMENT"]
    if app.config["ACCESS_LOG"]:
        ACCESS.setLevel(logging.INFO)
        ACCESS.propagate = False
        if not any(type(handler) is logging.StreamHandler for handler in ACCESS.handlers):
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("%(message)s"))
            ACCESS.addHandler(handler)


def start():
    g.request_started = time.perf_counter()
    sent = request.headers.get("X-Request-ID", "")
    g.request_id = sent if REQUEST_ID.match(sent) else uuid.uuid4().hex


def logged_path() -> str:
    path = request.path
    for name in SECRET_PARTS:
        value = (request.view_args or {}).get(name)
        if isinstance(value, str) and value:
            path = path.replace(value, f"<{name}>")
    return path


def finish(response):
    request_id = g.get("request_id") or uuid.uuid4().hex
    response.headers["X-Request-ID"] = request_id
    if current_app.config["ACCESS_LOG"]:
        started = g.get("request_started")
        ACCESS.info(json.dumps({
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "method": request.method,
            "path": logged_path(),
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
            "request_id": request_id,
        }))
    return response
