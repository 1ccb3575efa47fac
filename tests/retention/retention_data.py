"""What the retention tests share: a cycle judged, decided and announced, with nominations
whose people's data is easy to find anywhere in the database, a withdrawn nomination, a draft
with a file, the mail they caused, and a scan of every column of every table."""

import hashlib
import json
from datetime import UTC, date, datetime

import sqlalchemy as sa

from award.announcements.models import Announcement
from award.extensions import db
from award.jury import sheets
from award.nominations import services as nominations
from award.nominations.models import Attachment, Nomination, NominationStatus
from award.rounds import closing, decision

# Published on 11 April 2024 at 10.00 in Copenhagen; the winner's travel grant is valid to
# 31 December 2025 (the default): the later, so the data is kept until 31 December 2026.
PUBLISHED = datetime(2024, 4, 11, 8, 0, tzinfo=UTC)
GRANT_ENDS = date(2025, 12, 31)
# The first moment of 31 December 2026 in Copenhagen, and the last of 30 December.
DUE = datetime(2026, 12, 30, 23, 0, tzinfo=UTC)
NOT_YET = datetime(2026, 12, 30, 22, 59, tzinfo=UTC)
# While the grant runs.
GRANT_RUNS = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)

PEOPLE = [
    dict(contact_name="Karen Kontaktsen", contact_email="Karen.Kontaktsen@example.dk",
         contact_phone="+45 35 31 35 31", nominator_name="Søren Indstillersen",
         nominator_email="soeren.indstillersen@example.dk", nominator_phone="20 30 40 50"),
    dict(contact_name="Åse Østergård-Kontakt", contact_email="aase.oestergaard@example.dk",
         contact_phone="71 72 73 74", nominator_name="Bjørn Dæhli-Indstiller",
         nominator_email="bjoern.daehli@example.dk", nominator_phone="+45 61 62 63 64"),
    dict(contact_name="Mette Lund-Kontakt", contact_email="mette.lund@example.dk",
         contact_phone="33 44 55 66", nominator_name="Ib Ørsted-Indstiller",
         nominator_email="ib.oersted@example.dk", nominator_phone="41 42 43 44"),
]
WITHDRAWN = dict(contact_name="Tove Tilbage-Kontakt", contact_email="tove.tilbage@example.dk",
                 contact_phone="81 82 83 84", nominator_name="Villy Vendom-Indstiller",
                 nominator_email="villy.vendom@example.dk", nominator_phone="91 92 93 94")
DRAFT = dict(contact_name="Kirsten Kladde-Kontakt", contact_email="kirsten.kladde@example.dk",
             contact_phone="51 52 53 54", nominator_name="Dorte Kladde-Indstiller",
             nominator_email="dorte.kladde@example.dk", nominator_phone="55 56 57 58")
PERSONAL = [value for person in (*PEOPLE, WITHDRAWN, DRAFT) for value in person.values()]
INITIATIVES = ["Flexklinikken", "Broen til bedre sundhed", "Sundhedsklinikken"]
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


def submit(round_, juror, entry, scores, clock):
    sheets.save_sheet(round_, juror, entry,
                      sheets.SheetInput(dict(enumerate(scores, start=1)), {}),
                      submit=True, actor=juror.email, at=clock())


def draft(cycle, clock, **person) -> Nomination:
    made = Nomination(cycle=cycle, draft_key=nominations.new_key(),
                      status=NominationStatus.DRAFT, created_at=clock(), updated_at=clock(),
                      initiative_name="Kladdeinitiativet", **person)
    made.attachments.append(Attachment(filename="kladde.pdf", media_type="application/pdf",
                                       size=len(PDF), sha256=hashlib.sha256(PDF).hexdigest(),
                                       data=PDF, created_at=clock()))
    db.session.add(made)
    db.session.commit()
    return made


def judged_and_announced(cycle, make_nomination, make_juror, open_round, clock,
                         announce=True):
    """Three nominations judged in one round, the first decided the winner; one withdrawn;
    one draft; a reminder to each juror; the announcement published on 11 April 2024
    (unless announce=False)."""
    entries = [make_nomination(cycle, initiative_name=name, **person)
               for name, person in zip(INITIATIVES, PEOPLE, strict=True)]
    withdrawn = make_nomination(cycle, initiative_name="Trukket tilbage", **WITHDRAWN)
    nominations.withdraw(withdrawn, clock())
    db.session.commit()
    draft(cycle, clock, **DRAFT)
    anna = make_juror(cycle, "anna@example.dk", name="Anna Ågård", weight=50)
    bo = make_juror(cycle, "bo@example.dk", name="Bo Bøgh", weight=200)
    round_ = open_round(cycle)
    closing.remind(round_, actor="system", at=clock())  # the jury's mail, linked to the cycle
    for number, entry in enumerate(entries):
        for juror in (anna, bo):
            submit(round_, juror, entry, [5 - number] * 7, clock)
    closing.close_round(round_, actor="system", at=clock())
    decision.decide(cycle, entries[0], actor="system", at=clock())
    if announce:
        db.session.add(Announcement(
            cycle_id=cycle.id, headline_da="Flexklinikken vinder", created_at=PUBLISHED,
            updated_at=PUBLISHED, updated_by="sekretariat@example.dk", published_at=PUBLISHED,
            published_by="sekretariat@example.dk", first_published_at=PUBLISHED))
    db.session.commit()
    return entries, withdrawn, round_, (anna, bo)


def _text(value) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def found_anywhere(values) -> list[tuple[str, str, str]]:
    """(table, column, value) for each value found, ignoring case, in any column of any row
    of any table."""
    db.session.expire_all()
    found = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(sa.select(table)).mappings():
            for column, value in row.items():
                if value is None:
                    continue
                text = _text(value).casefold()
                found += [(table.name, column, wanted) for wanted in values
                          if wanted.casefold() in text]
    return sorted(set(found))
