"""A data subject's access request as a readable document to hand to the person: the same
findings as the JSON (services.subject_access), in plain Danish words, as a PDF rendered from
templates/retention/access.html. Always in Danish: it goes to the citizen, whatever language
the secretariat's own pages are shown in."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from award import timeutil
from award.cycles.models import Cycle
from award.extensions import db
from award.nominations.forms import relation_labels
from award.pdf import render_pdf
from award.retention import services


def field_labels() -> dict:
    return {"nominator_name": _l("Navn"), "nominator_email": _l("E-mailadresse"),
            "nominator_phone": _l("Telefonnummer"),
            "nominator_relation": _l("Relation til initiativet"),
            "contact_name": _l("Navn"), "contact_email": _l("E-mailadresse"),
            "contact_phone": _l("Telefonnummer")}


def role_labels() -> dict:
    return {"nominator": _l("Indstiller"), "contact": _l("Kontaktperson ved initiativet")}


def status_labels() -> dict:
    return {"draft": _l("Kladde, ikke sendt"), "submitted": _l("Sendt"),
            "withdrawn": _l("Trukket tilbage")}


def mail_labels() -> dict:
    return {"nomination.receipt": _l("Kvittering for en indstilling"),
            "nomination.contact_notice": _l("Besked om, at dit initiativ er indstillet")}


def account_labels() -> dict:
    return {"secretariat": _l("Sekretariatet"), "juror": _l("Jurymedlem")}


def sheet_labels() -> dict:
    return {"draft": _l("Kladde"), "submitted": _l("Indsendt")}


def when(value: str | None) -> datetime | None:
    """A moment of the findings (ISO 8601) back as a datetime, for the `moment` filter."""
    return datetime.fromisoformat(value) if value else None


def _deletion(found: dict, at: datetime) -> dict[int, services.RetentionDue]:
    """For each cycle the person's nominations belong to: when its personal data is deleted."""
    years = sorted({held["cycle"] for held in found["nominations"]})
    cycles = db.session.scalars(sa.select(Cycle).where(Cycle.year.in_(years))).all()
    return {cycle.year: services.retention_due(cycle, at) for cycle in cycles}


def access_pdf(found: dict, at: datetime) -> bytes:
    """The findings for one address (services.subject_access, made at `at`) as an A4 PDF."""
    # Imported here: the secretariat's package imports its views, and they import this module.
    from award.secretariat.forms import kind_labels

    with force_locale("da"):
        return render_pdf(
            "retention/access.html", found=found, made_at=at, when=when,
            deletion=_deletion(found, at), explain_due=services.explain_due,
            fields=field_labels(), roles=role_labels(), statuses=status_labels(),
            relations=relation_labels(), mails=mail_labels(), accounts=account_labels(),
            kinds=kind_labels(), sheets=sheet_labels(),
            controller_email=current_app.config["SECRETARIAT_EMAIL"])


def access_filename(at: datetime) -> str:
    return f"indsigt-{at.astimezone(timeutil.COPENHAGEN).date().isoformat()}.pdf"
