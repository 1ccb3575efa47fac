"""What the export tests share: nominations that try every trap (Danish letters, an emoji,
texts that start like formulas, personal data to keep out), a judged and closed round, and
reading a CSV or XLSX export back."""

import csv
import io

from openpyxl import load_workbook

from award.extensions import db
from award.jury import sheets
from award.rounds import closing

HYPERLINK = '=HYPERLINK("http://x","klik")'
DANISH = "Ældreplejen på Ærø: få ventetid, større tryghed 🎉"

# Names, e-mails and phone numbers of nominators and contact persons: none may appear in an
# export without personal data.
PEOPLE = [
    dict(contact_name="Karen Jensen", contact_email="karen.jensen@example.dk",
         contact_phone="+45 35 31 35 31", nominator_name="Søren Ærø",
         nominator_email="soeren@example.dk", nominator_phone="20 30 40 50"),
    dict(contact_name="Åse Østergård", contact_email="aase.oestergaard@example.dk",
         contact_phone="70 10 20 30", nominator_name="Bjørn Dæhli",
         nominator_email="bjoern.daehli@example.dk", nominator_phone="+45 61 62 63 64"),
    dict(contact_name="Mette Frederiksen-Lund", contact_email="mette.lund@example.dk",
         contact_phone="33 44 55 66", nominator_name="Ib Ørsted",
         nominator_email="ib.oersted@example.dk", nominator_phone="41 42 43 44"),
]
PERSONAL = [value for person in PEOPLE for value in person.values()]

# Initiative names: one with æøå and an emoji, then one per formula start.
NAMES = [DANISH, HYPERLINK, "+45 minutter sparet", "-minus ventetid", "@hjemme"]


def nominate(cycle, make_nomination):
    """Five nominations, the first with a description in Danish over two lines."""
    made = []
    for number, name in enumerate(NAMES):
        made.append(make_nomination(
            cycle, initiative_name=name,
            description="Første linje om Ærø.\r\nAnden linje – med 💡." if number == 0
            else "Et initiativ i regionen.",
            **PEOPLE[number % len(PEOPLE)]))
    return made


def submit(round_, juror, entry, scores, clock, comments=None, overall=""):
    sheets.save_sheet(round_, juror, entry,
                      sheets.SheetInput(dict(enumerate(scores, start=1)), comments or {},
                                        overall),
                      submit=True, actor=juror.email, at=clock())


def judge(cycle, entries, make_juror, open_round, clock):
    """Round 1 with two jurors (weights 0.5 and 2), every entry scored so that the means are
    not round numbers (4.83, …), then closed. Returns (round, jurors)."""
    anna = make_juror(cycle, "anna@example.dk", name="Anna Ågård", weight=50)
    bo = make_juror(cycle, "bo@example.dk", name="Bo Bøgh", weight=200)
    round_ = open_round(cycle)
    for number, entry in enumerate(entries):
        low = 1 + number % 4
        submit(round_, anna, entry, [low, low + 1, low, low, low + 1, low, 5], clock,
               comments={1: "Godt for de ældre på Ærø 👍", 2: "=1+1"},
               overall="@Anna: samlet set fint")
        submit(round_, bo, entry, [5, 4, 4, 5, 4, 4, low], clock)
    closing.close_round(round_, actor="system", at=clock())
    db.session.commit()
    return round_, (anna, bo)


def read_csv(data: bytes) -> list[list[str]]:
    """The rows as Python's csv module reads a Danish Excel CSV (after the BOM)."""
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline=""), delimiter=";"))


def read_xlsx(data: bytes):
    """The one worksheet of the workbook."""
    workbook = load_workbook(io.BytesIO(data))
    assert len(workbook.worksheets) == 1
    return workbook.worksheets[0]


def no_formula_anywhere(sheet) -> None:
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
