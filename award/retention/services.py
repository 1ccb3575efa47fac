"""What is deleted once it is no longer needed, and what is held about one person. No Flask
request in here: plain arguments in, the change and its audit entry out; the caller commits
once.

Three duties:

- purge_drafts(): unsent drafts are deleted a week after they were last touched;
- purge_cycle(): the personal data of a cycle's nominators and contact persons (names,
  e-mails, phone numbers, the private links, their mail in the outbox, and the cycle's drafts)
  is removed once it is due (retention_due(): `retention_months` months after the later of
  the winner announcement and the end of the winner's travel grant). While the grant runs,
  even a forced purge keeps the grant's contact person. The initiatives, their answers and
  attachments, the scores, the results, the decision, the grant and the audit log stay;
- subject_access(): everything held about one e-mail address (a data subject's request).
"""

from __future__ import annotations

import calendar
import enum
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy.orm import selectinload

from award import audit, mail, timeutil
from award.audit.models import AuditEntry
from award.auth.models import User
from award.criteria.weights import format_hundredths
from award.cycles import services as cycles
from award.cycles.models import Cycle
from award.extensions import db
from award.grants import services as grants
from award.grants.models import ClaimStatus
from award.jury.models import Conflict, Juror, ScoreSheet
from award.mail.models import OutboxMessage
from award.nominations.models import Answer, Attachment, Nomination, NominationStatus
from award.service import Refused

SYSTEM = "system"

# What a purged name, e-mail address or phone number reads afterwards: one neutral value in
# every column, so that a page, an export or a query shows that something was deleted.
PURGED = "[slettet]"
# The purged people's columns on a nomination.
PERSONAL_FIELDS = ("nominator_name", "nominator_email", "nominator_phone", "nominator_address",
                   "contact_name", "contact_email", "contact_phone")
NOMINATOR_FIELDS = ("nominator_name", "nominator_email", "nominator_phone", "nominator_address",
                    "nominator_relation")
CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")

class RetentionRefused(Refused):
    """A purge that may not run (not yet due, done already, a force without a reason)."""


# ---------------------------------------------------------------- drafts


def _delete_nominations(ids: sa.Select) -> int:
    """Delete the nominations whose ids the query selects, with their answers, attachments
    and mail; returns how many nominations. The caller has locked them."""
    db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.nomination_id.in_(ids))
                       .execution_options(synchronize_session=False))
    db.session.execute(sa.delete(Attachment).where(Attachment.nomination_id.in_(ids))
                       .execution_options(synchronize_session=False))
    db.session.execute(sa.delete(Answer).where(Answer.nomination_id.in_(ids))
                       .execution_options(synchronize_session=False))
    return db.session.execute(sa.delete(Nomination).where(Nomination.id.in_(ids))
                              .execution_options(synchronize_session=False)).rowcount


def _lock(ids: sa.Select) -> None:
    """On PostgreSQL, lock the selected nominations' rows first, so that a draft saved at this
    very moment is deleted whole or kept whole. On SQLite the first DELETE takes the database's
    write lock before it reads which rows it deletes."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.select(Nomination.id).where(Nomination.id.in_(ids))
                           .with_for_update())


def purge_drafts(at: datetime, untouched_for: timedelta, actor: str = SYSTEM) -> int:
    """Delete the unsent drafts (status draft) not changed since `at - untouched_for`, with
    their answers and attachments; one audit entry with the count. Returns the count.

    A draft holds personal data (the nominator's, the contact person's, files) that nobody has
    sent: it is kept only while someone may still be writing it. Sent and withdrawn
    nominations are never touched.
    """
    cutoff = at - untouched_for
    stale = sa.select(Nomination.id).where(Nomination.status == NominationStatus.DRAFT,
                                           Nomination.updated_at < cutoff)
    _lock(stale)
    count = _delete_nominations(stale)
    db.session.expire_all()
    audit.record(actor, "drafts.purged", "nomination", "drafts", at, {
        "count": count, "untouched_for_days": untouched_for.days,
        "updated_before": cutoff.isoformat(),
    })
    return count


# ---------------------------------------------------------------- the retention period


def add_months(day: date, months: int) -> date:
    """The same day `months` months later; a day the month does not have becomes its last
    (31 January + 1 month = 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def published_at(cycle: Cycle) -> datetime | None:
    """When the winner announcement was first published: the retention period runs from then,
    whether or not it was taken down since."""
    announcement = cycle.announcement
    return announcement.first_published_at if announcement is not None else None


class DueReason(enum.StrEnum):
    """The event the retention period runs from: the latest of them."""

    NOT_ANNOUNCED = "not_announced"  # no announcement published: the period has not begun
    ANNOUNCEMENT = "announcement"  # the day the winner announcement was first published
    GRANT_VALIDITY = "grant_validity"  # the travel grant's last day of validity
    LAST_CLAIM = "last_claim"  # the day the last claim against the grant was settled
    PENDING_CLAIM = "pending_claim"  # a claim still waits (decision or payment): today


@dataclass(frozen=True)
class RetentionDue:
    """When the cycle's personal data is due for deletion, and why (retention_due())."""

    on: date | None  # the first Copenhagen day it may be purged without force; None: not begun
    reason: DueReason
    since: date | None  # the day of the event the period runs from
    months: int
    grant_valid_until: date | None  # the grant's last day, when there is a grant
    pending_claims: int  # claims against the grant not decided yet
    unpaid_claims: int  # claims approved and not paid yet
    grant_runs: bool  # today <= its last day, or a claim waits: its contact is never purged
    purged_at: datetime | None  # when the purge ran
    contact_kept: str | None  # the nomination whose contact the purge kept while the grant ran
    passed: bool  # the day has come
    today: date  # the Copenhagen day this was worked out for

    @property
    def held(self) -> bool:
        """Personal data of the cycle is still held: not purged, or the grant's contact kept."""
        return self.purged_at is None or self.contact_kept is not None

    @property
    def overdue(self) -> bool:
        return self.held and self.passed


def _contact_kept(nomination_id) -> sa.ColumnElement:
    """The nomination's contact person is not (all) purged."""
    return sa.and_(Nomination.id == nomination_id,
                   sa.or_(*(getattr(Nomination, field) != PURGED for field in CONTACT_FIELDS)))


def retention_due(cycle: Cycle, at: datetime) -> RetentionDue:
    """When the cycle's personal data is due for deletion (the first Copenhagen day a purge
    runs without force) and why: `retention_months` months after the latest of

    - the day the winner announcement was first published (taking it down does not restart);
    - the winner's travel grant's last day of validity;
    - the day the last claim against the grant was settled (rejected, withdrawn, or approved
      and paid);
    - while a claim waits for a decision or its payment, today (it is settled today at the
      earliest).

    Published 11 April 2024, grant valid to 31 December 2025, no claim decided later: due on
    31 December 2026. Without a published announcement the period has not begun (on is None).
    The one rule behind the Persondata page, `award purge` and the secretariat's overview.
    """
    today = at.astimezone(timeutil.COPENHAGEN).date()
    published = published_at(cycle)
    grant = grants.grant_for(cycle)
    valid_until, pending, unpaid, kept = None, 0, 0, None
    events = []
    if published is not None:
        events.append((published.astimezone(timeutil.COPENHAGEN).date(), DueReason.ANNOUNCEMENT))
    if grant is not None:
        valid_until = grant.valid_until
        events.append((valid_until, DueReason.GRANT_VALIDITY))
        # A claim is settled when it is rejected or withdrawn, or approved and paid.
        settled = [max(moment for moment in (claim.decided_at, claim.paid_at, claim.withdrawn_at)
                       if moment is not None)
                   for claim in grant.claims
                   if claim.decided_at is not None or claim.withdrawn_at is not None]
        if settled:
            events.append((max(settled).astimezone(timeutil.COPENHAGEN).date(),
                           DueReason.LAST_CLAIM))
        pending = sum(1 for claim in grant.claims if claim.status == ClaimStatus.PENDING)
        unpaid = sum(1 for claim in grant.claims
                     if claim.status == ClaimStatus.APPROVED and claim.paid_at is None)
        if pending or unpaid:
            events.append((today, DueReason.PENDING_CLAIM))
        if cycle.purged_at is not None:
            kept = db.session.scalar(sa.select(Nomination.reference)
                                     .where(_contact_kept(grant.nomination_id)))
    grant_runs = grant is not None and (today <= valid_until or pending + unpaid > 0)
    on = since = None
    reason = DueReason.NOT_ANNOUNCED
    if published is not None:
        # The latest event; of equal days the first listed (max keeps the first).
        since, reason = max(events, key=lambda event: event[0])
        on = add_months(since, cycle.retention_months)
    return RetentionDue(
        on=on, reason=reason, since=since, months=cycle.retention_months,
        grant_valid_until=valid_until, pending_claims=pending, unpaid_claims=unpaid,
        grant_runs=grant_runs,
        purged_at=cycle.purged_at, contact_kept=kept,
        passed=on is not None and at >= timeutil.local_midnight(on), today=today)


def _after(due: RetentionDue) -> str:
    """'12 måneder efter rejselegatets udløb den 31. december 2025'."""
    day = timeutil.format_day(due.since)
    event = {
        DueReason.ANNOUNCEMENT: _l("offentliggørelsen den %(day)s", day=day),
        DueReason.GRANT_VALIDITY: _l("rejselegatets udløb den %(day)s", day=day),
        DueReason.LAST_CLAIM: _l("den sidste afgjorte udgift den %(day)s", day=day),
        DueReason.PENDING_CLAIM: _l("den dag, den sidste udgift bliver afgjort (tidligst i dag)"),
    }[due.reason]
    return lazy_ngettext("%(num)d måned efter %(event)s", "%(num)d måneder efter %(event)s",
                         due.months, event=event)


def explain_due(due: RetentionDue) -> list[str]:
    """The sentences that say when the personal data is due for deletion and why; the same on
    the Persondata page and in `award purge --dry-run`."""
    if not due.held:
        return [_l("Personoplysningerne blev slettet %(when)s.",
                   when=timeutil.format_moment(due.purged_at))]
    if due.on is None:
        lines = [lazy_ngettext(
            "Personoplysninger slettes tidligst %(num)d måned efter, at vinderen er "
            "offentliggjort. Vinderen er ikke offentliggjort endnu.",
            "Personoplysninger slettes tidligst %(num)d måneder efter, at vinderen er "
            "offentliggjort. Vinderen er ikke offentliggjort endnu.", due.months)]
    elif due.overdue:
        lines = [_l("Personoplysninger skulle være slettet den %(day)s: %(after)s.",
                    day=timeutil.format_day(due.on), after=_after(due))]
    else:
        lines = [_l("Personoplysninger slettes tidligst den %(day)s: %(after)s.",
                    day=timeutil.format_day(due.on), after=_after(due))]
    if due.grant_runs:
        until = timeutil.format_day(due.grant_valid_until)
        parts = [part for part in (
            due.pending_claims and lazy_ngettext(
                "%(num)d udgift afventer afgørelse", "%(num)d udgifter afventer afgørelse",
                due.pending_claims),
            due.unpaid_claims and lazy_ngettext(
                "%(num)d godkendt udgift afventer udbetaling",
                "%(num)d godkendte udgifter afventer udbetaling", due.unpaid_claims)) if part]
        waiting = (_l("%(first)s og %(second)s", first=parts[0], second=parts[1])
                   if len(parts) == 2 else parts[0] if parts else "")
        if due.today > due.grant_valid_until:
            lines.append(_l("Rejselegatet udløb den %(day)s, men %(waiting)s.", day=until,
                            waiting=waiting))
        elif waiting:
            lines.append(_l("Rejselegatet løber til %(day)s; %(waiting)s.", day=until,
                            waiting=waiting))
        else:
            lines.append(_l("Rejselegatet løber til %(day)s.", day=until))
    if due.contact_kept is not None:
        if due.grant_runs:
            lines.append(_l("Kontaktpersonen på %(reference)s er bevaret, fordi det er "
                            "rejselegatets kontaktperson, og rejselegatet stadig løber.",
                            reference=due.contact_kept))
        else:
            lines.append(_l("Kontaktpersonen på %(reference)s blev bevaret, mens rejselegatet "
                            "løb. Nu er rejselegatet slut, og oplysningerne kan også slettes.",
                            reference=due.contact_kept))
    return lines


def set_retention_months(cycle: Cycle, months: int, *, actor: str, at: datetime) -> bool:
    """Change how long the cycle's personal data is kept (1–120 months, the rule of
    award.cycles.services.update_cycle); True when it changed. Refused after the purge."""
    if cycle.purged_at is not None:
        raise RetentionRefused(_l("Persondata for %(year)d er allerede slettet, så "
                                  "opbevaringsperioden kan ikke ændres.", year=cycle.year))
    return bool(cycles.update_cycle(cycle, {"retention_months": months}, actor=actor, at=at))


# ---------------------------------------------------------------- the purge of a cycle


@dataclass(frozen=True)
class PurgePlan:
    """What a purge of the cycle removes and keeps, counted now."""

    nominations: int  # sent or withdrawn: their people's data is removed, the rest kept
    drafts: int  # deleted whole
    messages: int  # outbox messages of the cycle's nominations, deleted
    unsent_messages: int  # of which not sent yet
    answers: int  # kept
    attachments: int  # kept
    retention: RetentionDue
    # The nomination whose contact person the purge keeps, because the grant runs.
    keeps_contact: str | None
    # An earlier purge kept the grant's contact while the grant ran; this one takes it.
    contact_only: bool


def _of_cycle(cycle: Cycle, *, drafts: bool) -> sa.Select:
    status = Nomination.status == NominationStatus.DRAFT
    return sa.select(Nomination.id).where(Nomination.cycle_id == cycle.id,
                                          status if drafts else sa.not_(status))


def _count(query: sa.Select) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))


# The mail about a nomination, to its nominator or contact person.
NOMINATION_MAIL = ("nomination.receipt", "nomination.contact_notice")


def _messages_of(cycle: Cycle) -> sa.Select:
    """The outbox messages of the cycle's nominations: linked to one, or, queued before the
    outbox linked its messages, nomination mail without a link to an address of the cycle's
    nominators and contact persons."""
    everything = sa.select(Nomination.id).where(Nomination.cycle_id == cycle.id)
    addresses = sa.union(*(
        sa.select(sa.func.lower(column)).where(Nomination.cycle_id == cycle.id)
        for column in (Nomination.nominator_email, Nomination.contact_email)))
    unlinked = sa.and_(OutboxMessage.nomination_id.is_(None), OutboxMessage.user_id.is_(None),
                       OutboxMessage.kind.in_(NOMINATION_MAIL),
                       sa.func.lower(OutboxMessage.to_address).in_(addresses))
    return sa.select(OutboxMessage.id).where(
        sa.or_(OutboxMessage.nomination_id.in_(everything), unlinked))


def purge_plan(cycle: Cycle, at: datetime) -> PurgePlan:
    due = retention_due(cycle, at)
    sent = _of_cycle(cycle, drafts=False)
    messages = _messages_of(cycle)
    grant = grants.grant_for(cycle)
    contact_only = due.contact_kept is not None
    return PurgePlan(
        nominations=1 if contact_only else _count(sent),
        drafts=_count(_of_cycle(cycle, drafts=True)), messages=_count(messages),
        unsent_messages=_count(messages.where(OutboxMessage.sent_at.is_(None))),
        answers=_count(sa.select(Answer.id).where(Answer.nomination_id.in_(sent))),
        attachments=_count(sa.select(Attachment.id).where(Attachment.nomination_id.in_(sent))),
        retention=due, keeps_contact=grant.nomination.reference if due.grant_runs else None,
        contact_only=contact_only)


def why_not_purge(cycle: Cycle, at: datetime, *, force: bool, reason: str) -> str | None:
    """Why the purge may not run now; None when it may. Forced (with a reason) it may run
    before the retention period has passed, but it never takes the grant's contact while the
    grant runs, and a purge that kept it can only be followed by one once the grant has
    ended."""
    due = retention_due(cycle, at)
    if not due.held:
        return _l("Persondata for %(year)d er allerede slettet (%(when)s).", year=cycle.year,
                  when=timeutil.format_moment(cycle.purged_at))
    if due.contact_kept is not None and due.grant_runs:
        return _l("Persondata for %(year)d er slettet (%(when)s), undtagen kontaktpersonen på "
                  "%(reference)s, som er kontaktperson for rejselegatet. Den bevares, så længe "
                  "rejselegatet løber.", year=cycle.year, reference=due.contact_kept,
                  when=timeutil.format_moment(cycle.purged_at))
    if at < cycle.deadline_at:
        return _l("Indstillingsperioden for %(year)d er ikke slut endnu, så persondata kan ikke "
                  "slettes.", year=cycle.year)
    if force:
        if not reason.strip():
            return _l("Skriv en begrundelse, når persondata slettes før tiden.")
        return None
    if due.on is None:
        return _l("Vinderen af %(year)d er ikke offentliggjort, så opbevaringsperioden er ikke "
                  "begyndt. Persondata kan kun slettes før tiden og med en begrundelse.",
                  year=cycle.year)
    if not due.passed:
        return _l("Persondata for %(year)d må tidligst slettes den %(day)s: %(after)s. Før det "
                  "kan de kun slettes med en begrundelse.", year=cycle.year,
                  day=timeutil.format_day(due.on), after=_after(due))
    return None


def _anonymise(where: sa.ColumnElement, fields: tuple[str, ...], *, links: bool = True) -> int:
    """Set the fields of the nominations `where` selects to PURGED and, with links, clear the
    private edit link's hash and replace the draft key (in the receipt page's address)."""
    values = {field: PURGED for field in fields}
    if links:
        values.update(edit_token_hash=None, draft_key=sa.literal(f"{PURGED}-").concat(
            sa.cast(Nomination.id, sa.String)))
    return db.session.execute(sa.update(Nomination).where(where).values(**values)
                              .execution_options(synchronize_session=False)).rowcount


def purge_cycle(cycle: Cycle, at: datetime, *, actor: str, force: bool = False,
                reason: str = "") -> PurgePlan:
    """Remove the personal data of the cycle's nominators and contact persons; returns what
    was removed (counted before). Refused (nothing changed) when the retention period has not
    passed, unless forced with a reason, and when the cycle was purged already.

    - on every sent or withdrawn nomination of the cycle the six names, e-mails and phone
      numbers become PURGED; the private edit link's hash is cleared and the draft key (in
      the receipt page's address) replaced, so that neither link finds the nomination again
      (the receipt id lives only in the sender's browser and derives a token nobody checks);
    - every outbox message of the cycle's nominations (receipts, notices to contact persons)
      is deleted, sent or not, also one queued before messages were linked to their
      nomination;
    - the cycle's drafts are deleted with their answers and attachments;
    - the cycle's purged_at is set (its phase becomes archived) and one audit entry
      (`cycle.purged`) records the counts, whether it was forced and why; never the data.

    While the winner's travel grant runs (a forced purge), the contact person of the winning
    nomination (the grant's contact: name, e-mail, phone) is kept. Once the grant has ended, a
    purge again takes just that contact and its mail (`cycle.grant_contact_purged`).

    The initiatives with their answers and attachments, the jury, the score sheets, the
    results, the decision, the grant with its claims and receipts, the announcement and the
    audit log are kept.
    """
    reason = (reason or "").strip()
    refusal = why_not_purge(cycle, at, force=force, reason=reason)
    if refusal:
        raise RetentionRefused(refusal)
    plan = purge_plan(cycle, at)
    due = plan.retention
    grant = grants.grant_for(cycle)
    # Before the nominations' addresses are overwritten: the unlinked mail is found by them.
    messages = db.session.scalars(_messages_of(cycle)).all()
    if plan.contact_only:
        # Taken once: of two purges at the same moment, the second finds the contact gone.
        claimed = _anonymise(_contact_kept(grant.nomination_id), CONTACT_FIELDS, links=False)
    else:
        claimed = db.session.execute(
            sa.update(Cycle).where(Cycle.id == cycle.id, Cycle.purged_at.is_(None))
            .values(purged_at=at).execution_options(synchronize_session=False)).rowcount
    if not claimed:
        db.session.expire_all()
        raise RetentionRefused(why_not_purge(cycle, at, force=force, reason=reason))

    deleted_messages = db.session.execute(
        sa.delete(OutboxMessage).where(OutboxMessage.id.in_(messages))
        .execution_options(synchronize_session=False)).rowcount
    forced = bool(force) and not due.passed
    if plan.contact_only:
        db.session.expire_all()
        audit.record(actor, "cycle.grant_contact_purged", "cycle", cycle.year, at, {
            "nomination": due.contact_kept, "messages_deleted": deleted_messages,
            "retention_ended": due.on.isoformat() if due.on else None,
            "retention_from": due.reason.value, "forced": forced, "reason": reason or None})
        return replace(plan, messages=deleted_messages)

    drafts = _of_cycle(cycle, drafts=True)
    _lock(drafts)
    deleted_drafts = _delete_nominations(drafts)
    in_cycle = Nomination.cycle_id == cycle.id
    if plan.keeps_contact is None:
        anonymised = _anonymise(in_cycle, PERSONAL_FIELDS)
    else:
        anonymised = _anonymise(sa.and_(in_cycle, Nomination.id != grant.nomination_id),
                                PERSONAL_FIELDS)
        anonymised += _anonymise(Nomination.id == grant.nomination_id,
                                 tuple(f for f in PERSONAL_FIELDS if f not in CONTACT_FIELDS))
    db.session.expire_all()

    published = published_at(cycle)
    audit.record(actor, "cycle.purged", "cycle", cycle.year, at, {
        "nominations": anonymised, "drafts_deleted": deleted_drafts,
        "messages_deleted": deleted_messages, "answers_kept": plan.answers,
        "attachments_kept": plan.attachments, "retention_months": cycle.retention_months,
        "published_at": published.isoformat() if published else None,
        "retention_ended": due.on.isoformat() if due.on else None,
        "retention_from": due.reason.value, "grant_contact_kept": plan.keeps_contact,
        "forced": forced, "reason": reason or None,
    })
    return replace(plan, nominations=anonymised, drafts=deleted_drafts,
                   messages=deleted_messages)


# ---------------------------------------------------------------- a data subject's access


ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+$")


def normalise_address(address: str) -> str | None:
    """The address to look for, lower-case; None when it is not an e-mail address."""
    address = (address or "").strip()
    if len(address) > 254 or not ADDRESS.match(address):
        return None
    return address.lower()


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _mentions(text: str, address: str) -> bool:
    """The address as a whole in the text (not bo@example.dk inside anna.bo@example.dk)."""
    pattern = r"(?<![A-Za-z0-9._%+-])" + re.escape(address) + r"(?![A-Za-z0-9.-]*[A-Za-z0-9-])"
    return re.search(pattern, text, re.IGNORECASE) is not None


def _nomination(nomination: Nomination, roles: list[str]) -> dict:
    fields = [*(NOMINATOR_FIELDS if "nominator" in roles else ()),
              *(CONTACT_FIELDS if "contact" in roles else ())]
    return {
        "cycle": nomination.cycle.year,
        "reference": nomination.reference,
        "status": nomination.status,
        "as": roles,
        "personal_data": {field: getattr(nomination, field) for field in fields},
        "initiative": {
            "name": nomination.initiative_name, "region": nomination.region,
            "organisation": nomination.organisation, "unit": nomination.unit,
            "description": nomination.description, "theme_answer": nomination.theme_answer,
        },
        "answers": [{"criterion": answer.criterion.number, "text": answer.text}
                    for answer in sorted(nomination.answers,
                                         key=lambda answer: answer.criterion.number)],
        "attachments": [{"filename": attachment.filename, "media_type": attachment.media_type,
                         "size": attachment.size, "added_at": _moment(attachment.created_at)}
                        for attachment in nomination.attachments],
        "language": nomination.language,
        "privacy_confirmed_at": _moment(nomination.privacy_confirmed_at),
        "created_at": _moment(nomination.created_at),
        "submitted_at": _moment(nomination.submitted_at),
        "withdrawn_at": _moment(nomination.withdrawn_at),
    }


def _message(message: OutboxMessage) -> dict:
    body = message.body
    for secret in sorted(message.secrets or (), key=len, reverse=True):
        body = body.replace(secret, mail.REDACTED)
    return {"kind": message.kind, "to": message.to_address, "subject": message.subject,
            "body": body, "created_at": _moment(message.created_at),
            "sent_at": _moment(message.sent_at)}


def subject_access(address: str, at: datetime) -> dict:
    """Everything held about one e-mail address, matched without regard to case:

    - nominations (drafts too) where it is the nominator's or the contact person's address:
      that person's own fields, the initiative, the answers and the attachments' names (the
      other person's name, e-mail and phone are a third party's data and left out);
    - mail in the outbox to it (private links blanked);
    - a user account with it: name, role, created, last log-in (never the password's hash,
      the session stamp or the links' tokens);
    - that user's seats on juries, with conflicts declared and score sheets;
    - audit entries where it is the actor, the object, or named in the details: action, time
      and object only (the details may name others);
    - the tables whose "…_by" columns name it (who entered, screened, decided, …), counted.
    """
    wanted = normalise_address(address)
    if wanted is None:
        raise RetentionRefused(_l("Skriv en e-mailadresse i formatet navn@eksempel.dk."))

    nominations = db.session.scalars(
        sa.select(Nomination)
        .where(sa.or_(sa.func.lower(Nomination.nominator_email) == wanted,
                      sa.func.lower(Nomination.contact_email) == wanted))
        .options(selectinload(Nomination.answers).joinedload(Answer.criterion),
                 selectinload(Nomination.attachments))
        .order_by(Nomination.cycle_id, Nomination.reference, Nomination.id)).all()
    held_nominations = []
    for nomination in nominations:
        roles = [role for role, field in (("nominator", "nominator_email"),
                                          ("contact", "contact_email"))
                 if getattr(nomination, field).lower() == wanted]
        held_nominations.append(_nomination(nomination, roles))

    messages = db.session.scalars(
        sa.select(OutboxMessage).where(sa.func.lower(OutboxMessage.to_address) == wanted)
        .order_by(OutboxMessage.id)).all()

    user = db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == wanted))
    account, seats = None, []
    if user is not None:
        account = {"name": user.name, "email": user.email, "role": user.role,
                   "active": user.active, "created_at": _moment(user.created_at),
                   "password_set_at": _moment(user.password_set_at),
                   "last_login_at": _moment(user.last_login_at)}
        jurors = db.session.scalars(sa.select(Juror).where(Juror.user_id == user.id)
                                    .order_by(Juror.cycle_id)).all()
        for juror in jurors:
            conflicts = db.session.scalars(sa.select(Conflict).where(Conflict.juror_id == juror.id)
                                           .order_by(Conflict.id)).all()
            sheets = db.session.scalars(sa.select(ScoreSheet)
                                        .where(ScoreSheet.juror_id == juror.id)
                                        .order_by(ScoreSheet.id)).all()
            seats.append({
                "cycle": juror.cycle.year, "kind": juror.kind,
                "organisation": juror.organisation,
                "weight": format_hundredths(juror.weight_hundredths, "."),
                "added_at": _moment(juror.created_at),
                "conflicts": [{"reference": conflict.nomination.reference,
                               "reason": conflict.reason,
                               "recorded_at": _moment(conflict.created_at)}
                              for conflict in conflicts],
                "score_sheets": [{"round": sheet.round.number,
                                  "reference": sheet.nomination.reference,
                                  "status": sheet.status,
                                  "submitted_at": _moment(sheet.submitted_at)}
                                 for sheet in sheets],
            })

    entries = db.session.scalars(
        sa.select(AuditEntry).where(sa.or_(
            sa.func.lower(AuditEntry.actor) == wanted,
            sa.func.lower(AuditEntry.object_id).contains(wanted, autoescape=True),
            sa.func.lower(AuditEntry.details).contains(wanted, autoescape=True)))
        .order_by(AuditEntry.id)).all()
    held_entries = []
    for entry in entries:
        matched = [where for where, hit in (
            ("actor", entry.actor.lower() == wanted),
            ("object", _mentions(entry.object_id, wanted)),
            ("details", _mentions(entry.details, wanted))) if hit]
        if matched:
            held_entries.append({"action": entry.action, "at": _moment(entry.created_at),
                                 "object_type": entry.object_type,
                                 "object_id": entry.object_id, "matched_in": matched})

    return {
        "address": wanted,
        "made_at": _moment(at),
        "nominations": held_nominations,
        "outbox": [_message(message) for message in messages],
        "account": account,
        "jury_seats": seats,
        "audit_entries": held_entries,
        "recorded_as_actor": _recorded_as_actor(wanted),
    }


def _recorded_as_actor(address: str) -> list[dict]:
    """Rows that name the address as who did something (entered_by, decided_by, …): which
    table and column, and how many rows."""
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if not column.name.endswith("_by") or not isinstance(column.type, sa.String):
                continue
            rows = db.session.scalar(sa.select(sa.func.count()).select_from(table)
                                     .where(sa.func.lower(column) == address))
            if rows:
                found.append({"table": table.name, "column": column.name, "rows": rows})
    return found


def summary(found: dict) -> dict:
    """How much was found, without anything that identifies the person."""
    return {"nominations": len(found["nominations"]), "messages": len(found["outbox"]),
            "account": found["account"] is not None, "jury_seats": len(found["jury_seats"]),
            "audit_entries": len(found["audit_entries"])}


def record_subject_access(found: dict, *, actor: str, at: datetime) -> None:
    """The export in the audit log, without the address: the log is kept for ever and is never
    purged, so an address there (or its hash, which anyone can confirm by hashing a guess)
    would tie the person to the award long after their data was deleted. The counts say what
    was handed over; the request itself is kept in the secretariat's case file."""
    audit.record(actor, "subject_access.exported", "address", "not recorded", at,
                 summary(found))
