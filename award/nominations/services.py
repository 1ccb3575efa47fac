"""The work behind the nomination pages. No Flask request in here: plain arguments in,
the change and its audit entry out; the caller commits once."""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from award import audit, mail, timeutil
from award.cycles.models import Cycle
from award.extensions import db
from award.locking import hold_row
from award.nominations.attachments import detect_media_type
from award.nominations.models import Answer, Attachment, Nomination, NominationStatus
from award.service import Refused
from award.tokens import new_token, token_hash

PUBLIC = "public"
# A form's draft key as new_key() makes it; anything else is not looked up.
DRAFT_KEY = re.compile(r"^[A-Za-z0-9_-]{20,64}$")

# The fields of the form that are stored as they are on the nomination.
TEXT_FIELDS = (
    "initiative_name", "region", "organisation", "unit", "description", "theme_answer",
    "contact_name", "contact_email", "contact_phone",
    "nominator_name", "nominator_email", "nominator_phone", "nominator_address",
    "nominator_relation",
)


class NominationRefused(Refused):
    """The nomination cannot be changed now; the message says why, in plain language."""


class LateWithoutReason(NominationRefused):
    """A registration after the deadline that gives no reason."""


@dataclass
class Upload:
    filename: str
    data: bytes


def new_key() -> str:
    return secrets.token_urlsafe(24)


def draft_by_key(key: str) -> Nomination | None:
    return db.session.scalar(sa.select(Nomination).where(Nomination.draft_key == key))


def by_edit_token(token: str) -> Nomination | None:
    return db.session.scalar(
        sa.select(Nomination).where(Nomination.edit_token_hash == token_hash(token))
    )


def by_reference(reference: str) -> Nomination | None:
    return db.session.scalar(sa.select(Nomination).where(Nomination.reference == reference))


def open_draft(cycle: Cycle, key: str, language: str, at: datetime, *,
               entered_by: str | None = None) -> Nomination:
    """The draft written under this form key, made on first use, and locked (see lock()).
    `entered_by` names the secretariat member for a draft of the registration page.

    A double click on "Fortsæt" sends two requests that both find no draft; the second must
    write into the first one's draft, not fail on the unique key. INSERT … ON CONFLICT DO
    NOTHING waits for the other transaction and then leaves its row alone (as new_sheet() in
    award/jury/sheets.py). The row may belong to a nomination sent meanwhile: the caller checks
    its status. A draft that `award purge --drafts` deletes while this waits for it is made
    anew.
    """
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[
        db.session.get_bind().dialect.name]
    for _attempt in range(2):
        db.session.execute(insert(Nomination).values(
            cycle_id=cycle.id, draft_key=key, language=language, created_at=at, updated_at=at,
            status=NominationStatus.DRAFT, entered_by=entered_by,
        ).on_conflict_do_nothing(index_elements=["draft_key"]))
        draft = draft_by_key(key)
        if draft is not None and lock(draft):
            return draft
    raise RuntimeError(f"the draft {key[:4]}… vanished twice while it was being opened")


def lock(nomination: Nomination) -> bool:
    """Hold the nomination until the request commits, so that two requests that change it
    (and count its attachments) take turns (award.locking); then read it afresh. False when
    it was deleted meanwhile."""
    held = hold_row(Nomination, nomination.id)
    if held:
        db.session.expire(nomination)
    else:
        db.session.expunge(nomination)
    return held


def save_files(draft: Nomination, uploads: list[Upload], removing: set[int],
               at: datetime) -> None:
    """The files of a post of the form, on its locked draft: those accepted by
    check_uploads() are attached, those ticked are removed.

    Done for every post, also one whose answers are refused: a browser never sends a file
    again by itself (a page cannot fill in a file field), so a refused page that dropped the
    files would leave the person to find each one again, or to send the nomination without
    them. The answers of a refused post are shown again from the post and stored only when
    valid (apply_answers()).
    """
    if not uploads and not removing:
        return
    remove_attachments(draft, removing)
    attach(draft, uploads, at)
    draft.updated_at = at
    db.session.flush()  # the new files' ids, for their "Fjern" boxes on the page


def apply_answers(nomination: Nomination, values: dict, at: datetime) -> dict:
    """Store the form's values; returns which fields changed (names only, no content). A field
    the form does not have (the public form has no postal address) is left as it is."""
    changed = {}
    for field in TEXT_FIELDS:
        if field not in values and getattr(nomination, field) is not None:
            continue
        value = values.get(field) or ""
        if getattr(nomination, field) != value:
            setattr(nomination, field, value)
            changed[field] = True
    existing = {answer.criterion_id: answer for answer in nomination.answers}
    for criterion in nomination.cycle.criteria:
        value = values.get(f"answer_{criterion.number}") or ""
        answer = existing.get(criterion.id)
        if answer is None:
            nomination.answers.append(Answer(criterion=criterion, text=value))
            changed[f"answer_{criterion.number}"] = True
        elif answer.text != value:
            answer.text = value
            changed[f"answer_{criterion.number}"] = True
    if values.get("privacy_confirmed") and nomination.privacy_confirmed_at is None:
        nomination.privacy_confirmed_at = at
    nomination.updated_at = at
    return changed


def check_uploads(nomination: Nomination | None, uploads: list[Upload], *, max_count: int,
                  max_bytes: int, removing: set[int] = frozenset()
                  ) -> tuple[list[Upload], list[str]]:
    """The files that may be attached, and a plain-language error naming each one refused.

    At most `max_count` files of `max_bytes` each on one nomination, counting those it keeps;
    call it again after lock() before attaching, so that requests at once cannot exceed it.
    """
    existing = nomination.attachments if nomination is not None else []
    kept = [a for a in existing if a.id not in removing]
    if len(kept) + len(uploads) > max_count:
        names = ", ".join(upload.filename for upload in uploads)
        return [], [_l("Du kan højst vedhæfte %(count)d filer i alt. Disse filer blev ikke "
                       "vedhæftet: %(names)s.", count=max_count, names=names)]
    accepted, errors = [], []
    for upload in uploads:
        if len(upload.data) > max_bytes:
            errors.append(_l("Filen %(name)s er for stor. Den må højst fylde %(mb)d MB.",
                             name=upload.filename, mb=max_bytes // (1024 * 1024)))
        elif not upload.data:
            errors.append(_l("Filen %(name)s er tom.", name=upload.filename))
        elif detect_media_type(upload.data) is None:
            errors.append(_l("Filen %(name)s kan ikke vedhæftes, fordi den ikke er en PDF-, "
                             "Word- (DOCX), PNG- eller JPEG-fil.", name=upload.filename))
        else:
            accepted.append(upload)
    return accepted, errors


def attach(nomination: Nomination, uploads: list[Upload], at: datetime) -> list[Attachment]:
    """Attach files already accepted by check_uploads()."""
    added = []
    for upload in uploads:
        attachment = Attachment(
            filename=upload.filename[:255], media_type=detect_media_type(upload.data),
            size=len(upload.data), sha256=hashlib.sha256(upload.data).hexdigest(),
            data=upload.data, created_at=at,
        )
        nomination.attachments.append(attachment)
        added.append(attachment)
    return added


def remove_attachments(nomination: Nomination, ids: set[int]) -> list[str]:
    removed = [a for a in nomination.attachments if a.id in ids]
    for attachment in removed:
        nomination.attachments.remove(attachment)
    return [a.filename for a in removed]


def decided_refusal(cycle: Cycle, at: datetime) -> str | None:
    """The one rule that keeps what is published true: once the winner is recorded (the cycle
    is decided, announced or archived), the cycle takes no more nominations by any route (the
    public form, the secretariat's registration, `award nominations import` with or without
    --late). The message names the decision; None while nominations may still come in."""
    if not cycle.is_decided(at):
        return None
    if cycle.purged_at is not None:
        return _l("Vinderen af prisen %(year)d er fundet, og årgangen er arkiveret, så der "
                  "modtages ikke flere indstillinger.", year=cycle.year)
    return _l("Vinderen af prisen %(year)d er fundet, så der modtages ikke flere "
              "indstillinger.", year=cycle.year)


def ensure_not_decided(cycle: Cycle, at: datetime) -> None:
    refusal = decided_refusal(cycle, at)
    if refusal:
        raise NominationRefused(refusal)


def closed_refusal(cycle: Cycle, at: datetime) -> str | None:
    """Why the public form takes no nomination now (the winner is recorded, or the deadline
    has passed); None while it is open."""
    if cycle.accepts_nominations(at):
        return None
    return decided_refusal(cycle, at) or _l(
        "Fristen for at indstille er udløbet. Indstillingen er ikke sendt.")


def _ensure_open(nomination: Nomination, at: datetime) -> None:
    ensure_not_decided(nomination.cycle, at)
    if not nomination.cycle.accepts_nominations(at):
        raise NominationRefused(_l(
            "Fristen for at indstille er udløbet. Indstillingen er ikke sendt. Dine svar står "
            "nedenfor, så du kan gemme dem. Kontakt sekretariatet, hvis du mener, der er sket "
            "en fejl."
        ))


def _next_reference(cycle: Cycle) -> str:
    """Number the nomination atomically, also under concurrent submissions."""
    number = db.session.execute(
        sa.update(Cycle).where(Cycle.id == cycle.id)
        .values(nomination_counter=Cycle.nomination_counter + 1)
        .returning(Cycle.nomination_counter)
    ).scalar_one()
    return f"AP-{cycle.year}-{number:04d}"


def submit(nomination: Nomination, at: datetime, edit_url, token: str | None = None
           ) -> str | None:
    """Turn a draft into a nomination. Returns the private edit token, or None when the
    draft had already been submitted (a double click: nothing happens twice).

    `edit_url(token)` builds the absolute link that goes into the receipt e-mail. `token` is
    the edit link's token when the caller made it (the receipt page does, see
    award/nominations/receipts.py); otherwise a new one.
    """
    _ensure_open(nomination, at)
    db.session.flush()
    incomplete = problems(nomination.cycle, stored_values(nomination), nomination.language)
    if incomplete:
        raise IncompleteNomination(incomplete)
    return _file(nomination, at, edit_url, token, actor=PUBLIC, action="nomination.submitted")


def _file(nomination: Nomination, at: datetime, edit_url, token: str | None, *, actor: str,
          action: str, details: dict | None = None) -> str | None:
    """Give the draft its reference, record it, and send the contact person's notice; with
    the nominator's own e-mail address also the receipt with the private edit link. A
    nomination without one (received by phone or letter) gets no edit link at all: the link
    is only ever mailed to the nominator, and the secretariat prints a receipt letter instead
    (award/nominations/letters.py). Returns the edit token; None when another request filed
    it first, or when there is no link."""
    db.session.flush()
    claimed = db.session.execute(
        sa.update(Nomination)
        .where(Nomination.id == nomination.id, Nomination.status == NominationStatus.DRAFT)
        .values(status=NominationStatus.SUBMITTED)
    ).rowcount
    if not claimed:
        db.session.refresh(nomination)
        return None
    db.session.refresh(nomination, ["status"])
    by_mail = bool(nomination.nominator_email)
    token = (token or new_token()) if by_mail else None
    nomination.reference = _next_reference(nomination.cycle)
    nomination.edit_token_hash = token_hash(token) if token else None
    nomination.submitted_at = at
    nomination.updated_at = at
    audit.record(actor, action, "nomination", nomination.reference, at,
                 {"cycle": nomination.cycle.year, "attachments": len(nomination.attachments),
                  "receipt": "e-mail" if by_mail else "letter", **(details or {})})
    if token:
        link = edit_url(token)
        mail.queue("nomination.receipt", nomination.nominator_email, "receipt",
                   languages=(nomination.language,), nomination=nomination, edit_url=link,
                   secrets=[link])
    notify_contact(nomination)
    return token


# ---------------------------------------------------------------- completeness


class IncompleteNomination(NominationRefused):
    """A field is missing or invalid; `problems` holds (field, message) pairs."""

    def __init__(self, found: list[tuple[str, str]]):
        super().__init__("; ".join(message for _field, message in found))
        self.problems = found


def stored_values(nomination: Nomination) -> dict:
    """The nomination's answers in the form's shape, to prefill or check it."""
    values = {field: getattr(nomination, field) for field in TEXT_FIELDS}
    for criterion in nomination.cycle.criteria:
        values[f"answer_{criterion.number}"] = nomination.answer_for(criterion)
    if nomination.privacy_confirmed_at:
        values["privacy_confirmed"] = "y"
    return values


def problems(cycle: Cycle, values: dict, language: str = "da", base: type | None = None
             ) -> list[tuple[str, str]]:
    """When is a nomination complete: the one rule for the public form, the secretariat's
    registration, the import and the demo. (field, message) for each field that is missing
    or not valid, in the form's page order; the nomination form declares the rules (the
    registration form's: the nominator may have a phone or postal address instead of an
    e-mail)."""
    from award.nominations.forms import NominationForm, nomination_form

    form = nomination_form(cycle, language, base=base or NominationForm,
                           formdata=MultiDict(values), meta={"csrf": False})
    form.validate()
    return [(name, str(message)) for name in form.page_order
            for message in form.errors.get(name, ()) if name != "attachments"]


# ---------------------------------------------------------------- registered by the secretariat


def registration_problems(cycle: Cycle, values: dict) -> list[tuple[str, str]]:
    """problems() by the registration's rule: the secretariat has told the nominator how the
    data is used, and the nominator may have no e-mail address."""
    from award.nominations.forms import RegistrationForm

    return problems(cycle, {**values, "privacy_confirmed": "y"}, base=RegistrationForm)


def ensure_registrable(cycle: Cycle, at: datetime) -> None:
    """The secretariat can register nominations in the cycle now (also after the deadline,
    as late ones); never once the winner is recorded."""
    ensure_not_decided(cycle, at)
    if at < cycle.opens_at:
        raise NominationRefused(_l("Indstillingsperioden for %(year)d er ikke begyndt endnu.",
                                   year=cycle.year))


def late_without_reason(cycle: Cycle):
    """The refusal of a late registration without its reason (the form shows it beside the
    reason's field)."""
    return _l("Fristen for %(year)d er udløbet (%(deadline)s), så indstillingen registreres som "
              "for sen. Skriv begrundelsen.", year=cycle.year,
              deadline=timeutil.format_deadline(cycle.deadline_at))


def registration_key(cycle: Cycle, posted: str | None) -> str:
    """The registration form's key: the posted one when it is this cycle's registration page's
    (or not yet used), else a new one (a first visit, a key of the public form, a forged one)."""
    if posted and DRAFT_KEY.match(posted):
        draft = draft_by_key(posted)
        if draft is None or (draft.entered_by is not None and draft.cycle_id == cycle.id):
            return posted
    return new_key()


def registration_draft(cycle: Cycle, key: str, *, actor: str, at: datetime) -> Nomination:
    """The registration page's draft under its form key, made on first use and locked: it
    keeps the files of a refused post (see save_files()), and it is what register() files, so
    a second press of the button finds it filed instead of registering the nomination twice.
    Never made for a cycle that takes no registrations."""
    ensure_registrable(cycle, at)
    return open_draft(cycle, key, "da", at, entered_by=actor)


def register(cycle: Cycle, values: dict, *, actor: str, at: datetime, edit_url,
             uploads: list[Upload] = (), late_reason: str | None = None,
             draft: Nomination | None = None) -> Nomination:
    """A nomination received by letter, phone or e-mail, entered by the secretariat: the
    completeness rule of the public form, except that the nominator may give a phone number or
    postal address instead of an e-mail; after the deadline it is late and needs a reason;
    never once the winner is recorded. The secretariat has told the nominator how the data is
    used (the privacy notice). `draft` is the registration page's draft with its files already
    attached (registration_draft()); without one a new nomination is made. `uploads` are files
    accepted by check_uploads() to attach as well."""
    ensure_registrable(cycle, at)
    values = {**values, "privacy_confirmed": "y"}
    incomplete = registration_problems(cycle, values)
    if incomplete:
        raise IncompleteNomination(incomplete)
    late = at >= cycle.deadline_at
    reason = (late_reason or "").strip()
    if late and not reason:
        raise LateWithoutReason(late_without_reason(cycle))
    nomination = draft or Nomination(cycle=cycle, draft_key=new_key(),
                                     status=NominationStatus.DRAFT, created_at=at)
    nomination.language = "da"
    nomination.entered_by = actor
    nomination.late_reason = reason if late else None
    db.session.add(nomination)
    apply_answers(nomination, values, at)
    attach(nomination, list(uploads), at)
    _file(nomination, at, edit_url, None, actor=actor, action="nomination.registered",
          details={"late": late, "late_reason": reason if late else None})
    return nomination


def notify_contact(nomination: Nomination) -> None:
    """Tell the initiative's contact person what is kept about them (GDPR art. 14)."""
    mail.queue("nomination.contact_notice", nomination.contact_email, "contact_notice",
               languages=("da", "en"), nomination=nomination)


def correct(nomination: Nomination, values: dict | None, uploads: list[Upload],
            removing: set[int], at: datetime) -> None:
    """A correction through the edit link. `values` None: the answers were refused, and only
    the files are changed (kept at once, as on the form's first pass: see save_files())."""
    _ensure_editable(nomination, at)
    contact = nomination.contact_email
    changed = apply_answers(nomination, values, at) if values is not None else {}
    removed = remove_attachments(nomination, removing)
    added = attach(nomination, uploads, at)
    if values is None and not removed and not added:
        return
    nomination.updated_at = at
    db.session.flush()  # the new files' ids, for their "Fjern" boxes on a refused page
    if nomination.contact_email != contact:
        notify_contact(nomination)
    audit.record(PUBLIC, "nomination.corrected", "nomination", nomination.reference, at, {
        "fields": sorted(changed), "attachments_added": [a.filename for a in added],
        "attachments_removed": removed,
    })


def withdraw(nomination: Nomination, at: datetime) -> None:
    _ensure_editable(nomination, at)
    nomination.status = NominationStatus.WITHDRAWN
    nomination.withdrawn_at = at
    nomination.updated_at = at
    audit.record(PUBLIC, "nomination.withdrawn", "nomination", nomination.reference, at)


def why_not_editable(nomination: Nomination, at: datetime) -> str | None:
    """Why the nomination can no longer be corrected or withdrawn; None while it can."""
    if nomination.status != NominationStatus.SUBMITTED:
        return _l("Indstillingen er trukket tilbage og kan ikke ændres.")
    if not nomination.cycle.accepts_nominations(at):
        return _l("Fristen er udløbet, så indstillingen kan ikke længere ændres eller trækkes "
                  "tilbage. Kontakt sekretariatet, hvis noget skal rettes.")
    return None


def _ensure_editable(nomination: Nomination, at: datetime) -> None:
    reason = why_not_editable(nomination, at)
    if reason:
        raise NominationRefused(reason)


def submitted(cycle: Cycle) -> list[Nomination]:
    """Every nomination sent in the cycle, withdrawn ones too, with their attachments' names
    (the files themselves stay deferred)."""
    return db.session.scalars(
        sa.select(Nomination)
        .where(Nomination.cycle_id == cycle.id, Nomination.status != NominationStatus.DRAFT)
        .options(selectinload(Nomination.attachments))
        .order_by(Nomination.reference)
    ).all()
