"""The audit log for the secretariat: every recorded step, filtered by action, actor, text
and date, newest first, a page at a time, in words (award.secretariat.audit_words); and
whether the hash chain is intact."""

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from award import audit, formtools, timeutil
from award.audit.models import AuditEntry
from award.auth import secretariat_required
from award.exports.formats import CSV, INTEGER, MOMENT, Column, Table, write
from award.extensions import db
from award.secretariat import audit_words as words
from award.secretariat import bp
from award.web import File, commits, download

PAGE_SIZE = 100


def filter_day(value: str | None) -> date | None:
    """A day of the filter, typed as any date field takes it; nonsense is no filter."""
    try:
        return formtools.parse_day(value[:40])[0] if value else None
    except ValueError:
        return None


def filtered(args) -> tuple[sa.Select, dict]:
    """The audit entries matching the request's filters, and the filters as understood."""
    chosen = {"action": args.get("action", "").strip()[:100],
              "actor": args.get("actor", "").strip()[:254],
              "q": args.get("q", "").strip()[:200],
              "from": filter_day(args.get("from")), "to": filter_day(args.get("to"))}
    query = sa.select(AuditEntry)
    if chosen["action"]:
        query = query.where(AuditEntry.action == chosen["action"])
    if chosen["actor"]:
        query = query.where(sa.func.lower(AuditEntry.actor).contains(chosen["actor"].lower(),
                                                                     autoescape=True))
    if chosen["q"]:
        text = chosen["q"].lower()
        query = query.where(sa.or_(
            sa.func.lower(AuditEntry.object_id).contains(text, autoescape=True),
            sa.func.lower(AuditEntry.details).contains(text, autoescape=True)))
    if chosen["from"]:
        start = datetime.combine(chosen["from"], time(), timeutil.COPENHAGEN)
        query = query.where(AuditEntry.created_at >= start)
    if chosen["to"]:
        end = datetime.combine(chosen["to"] + timedelta(days=1), time(), timeutil.COPENHAGEN)
        query = query.where(AuditEntry.created_at < end)
    return query, chosen


@bp.get("/log")
@secretariat_required
def audit_log():
    query, chosen = filtered(request.args)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, request.args.get("side", 1, type=int)), pages)
    entries = db.session.scalars(query.order_by(AuditEntry.id.desc())
                                 .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    actions = db.session.scalars(sa.select(AuditEntry.action).distinct()
                                 .order_by(AuditEntry.action)).all()
    return render_template("secretariat/audit.html", entries=entries, chosen=chosen,
                           danish_date=formtools.danish_date,
                           actions=actions, total=total, page=page,
                           pages=pages, check=audit.verify(), words=words,
                           page_url=lambda number: url_for(
                               ".audit_log", **{**request.args.to_dict(), "side": number}))


@bp.get("/log.csv")
@secretariat_required
@commits
def audit_log_csv():
    """The filtered log as CSV for Danish Excel, oldest first; the download is itself logged."""
    query, chosen = filtered(request.args)
    entries = db.session.scalars(query.order_by(AuditEntry.id)).all()
    table = Table(title="Log", columns=[
        Column(_("Nr."), INTEGER), Column(_("Tid (dansk tid)"), MOMENT), Column(_("Hvem")),
        Column(_("Handling")), Column(_("Objekt")), Column(_("Detaljer")),
        Column(_("Handlingens kode")), Column(_("Kontrolsum"))],
        rows=[[e.id, e.created_at, words.actor_word(e.actor), words.action_word(e.action),
               words.object_words(e.object_type, e.object_id),
               "\n".join(words.detail_lines(e.action, e.details)), e.action, e.hash]
              for e in entries])
    audit.record(current_user.email, "audit.exported", "audit", "log", timeutil.now(),
                 {"rows": len(entries), "filters": {k: str(v) for k, v in chosen.items() if v}})
    return download(File(write(table, CSV), "text/csv", "log.csv"))
