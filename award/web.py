"""What views share: one commit per state-changing request and then the mail, refusals shown
beside the form, sending a stored file, and loading a cycle from the URL."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import wraps
from typing import TYPE_CHECKING, NamedTuple, Protocol

from flask import abort, request, send_file
from werkzeug.http import parse_options_header

from award import mail
from award.cycles import services as cycles
from award.cycles.models import Cycle
from award.extensions import db
from award.formtools import CONTROL_IN_LINE
from award.nominations.services import Upload
from award.service import Refused

if TYPE_CHECKING:
    from award.nominations.models import Nomination

ATTACHMENT_ID = re.compile(r"^[0-9]{1,18}$")


def commits(view):
    """A view that changes state. Whatever it returns, the request's work is committed once,
    after the view, and only then is the mail it queued handed to the sender (in the
    background: no request waits on SMTP). A refusal inside `refusals()` has rolled back
    already, so nothing of the refused change is committed."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        response = view(*args, **kwargs)
        db.session.commit()
        mail.deliver_queued()
        return response

    return wrapped


@contextmanager
def refusals(problems: list[str]) -> Iterator[None]:
    """Run a service call; when a rule refuses it, roll back everything the request changed
    and add the message to `problems` (the page shows them in its error summary)."""
    try:
        yield
    except Refused as refused:
        db.session.rollback()
        problems.append(str(refused))


def load_cycle(year: int) -> Cycle:
    cycle = cycles.by_year(year)
    if cycle is None:
        abort(404)
    return cycle


class Downloadable(Protocol):
    data: bytes
    media_type: str
    filename: str


class File(NamedTuple):
    data: bytes
    media_type: str
    filename: str


def download(file: Downloadable):
    """A file to save, never shown inline, that no cache keeps: send_file sets its own
    Cache-Control (no-cache, which allows storing), so it is replaced here rather than left
    to the default for pages. Everything the secretariat and the jury download goes out so."""
    media_type, parameters = parse_options_header(file.media_type)
    response = send_file(io.BytesIO(file.data), mimetype=media_type, as_attachment=True,
                         download_name=file.filename, conditional=False, etag=False)
    # send_file names utf-8 for every text type itself; a charset the file names replaces it
    # (given in the media type as well, it was sent twice).
    response.mimetype_params.update(parameters)
    response.headers["Cache-Control"] = "no-store"
    return response


def send_attachment(nomination: Nomination, attachment_id: int):
    """One of the nomination's attachments, as a download. A duplicate merged into the
    nomination brings its attachments along, as the jury sees them."""
    files = [*nomination.attachments,
             *(a for other in nomination.merged for a in other.attachments)]
    attachment = next((a for a in files if a.id == attachment_id), None)
    if attachment is None:
        abort(404)
    return download(attachment)


def uploads_from_request() -> list[Upload]:
    """The files sent in a nomination form's attachments field (the public form, the
    correction, the secretariat's registration page)."""
    # A file name is the browser's to send: control characters in it are dropped (PostgreSQL
    # refuses NUL), as in every form field.
    return [Upload(CONTROL_IN_LINE.sub("", file.filename) or "fil", file.read())
            for file in request.files.getlist("attachments") if file and file.filename]


def removal_ids() -> set[int]:
    """The attachments ticked "Fjern" in a nomination form (forged values are left out)."""
    return {int(value) for value in request.form.getlist("remove_attachment")
            if ATTACHMENT_ID.match(value)}
