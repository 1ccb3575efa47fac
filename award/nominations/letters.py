"""The receipt as a letter, for a nominator the secretariat reaches by post or phone.

A nomination registered without the nominator's e-mail address (received by phone or letter)
gets no receipt e-mail and no private edit link: the link is only ever mailed to the
nominator's own address. The secretariat prints this letter from the nomination's page and
posts it instead: A4, the secretariat as sender, the nominator's name and postal address where
a window envelope shows them, the reference, the initiative, what happens next and how to reach
the secretariat.

The letter holds no edit link, by decision: only the link's hash is stored, so a link could not
be printed again later; a link on paper has to be typed letter by letter; correcting through
the public form asks for an e-mail address the nominator does not have; and the letter passes
through the secretariat's printer and post tray. The letter says instead to contact the
secretariat, with the reference, to correct or withdraw the nomination.

The letter is in the nomination's language (Danish for every registered one). Making it is
recorded in the audit log (who printed a letter with the nominator's address, and when).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from award import audit, timeutil
from award.nominations.models import Nomination, NominationStatus
from award.nominations.services import NominationRefused
from award.pdf import render_pdf


@dataclass(frozen=True)
class Letter:
    filename: str
    media_type: str
    data: bytes


def why_no_letter(nomination: Nomination) -> str | None:
    """Why no receipt letter can be made for the nomination; None when it can."""
    if nomination.cycle.purged_at is not None:
        return _l("Persondata for %(year)d er slettet, så der kan ikke laves et kvitteringsbrev.",
                  year=nomination.cycle.year)
    if nomination.status != NominationStatus.SUBMITTED:
        return _l("Indstillingen er trukket tilbage, så der laves ikke et kvitteringsbrev.")
    return None


def receipt_letter(nomination: Nomination, *, actor: str, at: datetime) -> Letter:
    """The letter, dated `at`; its making recorded. Refused after the purge (the name and the
    address are gone) and for a withdrawn nomination."""
    refusal = why_no_letter(nomination)
    if refusal:
        raise NominationRefused(refusal)
    with force_locale(nomination.language):
        data = render_pdf("nominations/letter.html", nomination=nomination,
                          cycle=nomination.cycle,
                          dated_on=at.astimezone(timeutil.COPENHAGEN).date(),
                          address_lines=lines(nomination.nominator_address))
    audit.record(actor, "nomination.receipt_letter", "nomination", nomination.reference, at,
                 {"cycle": nomination.cycle.year})
    return Letter(f"kvitteringsbrev-{nomination.reference}.pdf", "application/pdf", data)


def lines(address: str) -> list[str]:
    """A postal address's lines, without empty ones."""
    return [line.strip() for line in (address or "").splitlines() if line.strip()]
