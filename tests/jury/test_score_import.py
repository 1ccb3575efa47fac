"""`award scores import`: the good file lands; a bad file is refused whole, by row number."""

import pytest
import sqlalchemy as sa

from award.audit.models import AuditEntry
from award.extensions import db
from award.jury import conflicts, jurors, sheets
from award.jury.models import Score, ScoreSheet

HEADER = "juror_email,reference,criterion,score,comment\n"


@pytest.fixture
def imported(app, clock, cycle, make_nomination, make_juror, open_round, tmp_path):
    entries = [make_nomination(cycle, initiative_name=f"Initiativ {n}") for n in range(1, 4)]
    panel = [make_juror(cycle, "anna@example.dk"), make_juror(cycle, "bo@example.dk")]
    make_juror(cycle, "carl@example.dk")  # on the jury, not on the panel
    round_ = open_round(cycle, panel=["anna@example.dk", "bo@example.dk"])
    conflicts.declare_conflict(panel[1], entries[2], "Nabo.", actor="system", at=clock())
    db.session.commit()

    def run(runner, text, name="ark.csv"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return runner.invoke(args=["scores", "import", "--year", "2024", "--round", "1",
                                   str(path)])

    run.entries, run.round = entries, round_
    return run


def sheet_rows(email, reference, scores=(4, 4, 4, 4, 4, 4, 4), comment=""):
    return "".join(f"{email},{reference},{n},{s},{comment}\n"
                   for n, s in enumerate(scores, start=1))


def count(model):
    return db.session.scalar(sa.select(sa.func.count(model.id)))


def test_a_good_file_lands(runner, imported):
    text = HEADER + sheet_rows("anna@example.dk", "AP-2024-0001", (1, 2, 3, 4, 5, 4, 3),
                               '"Papirskema, side 1"') + sheet_rows("BO@example.dk",
                                                                     "AP-2024-0002")
    result = imported(runner, text)
    assert result.exit_code == 0, result.output
    assert "Imported 2 sheets" in result.output
    sheets = db.session.scalars(sa.select(ScoreSheet).order_by(ScoreSheet.id)).all()
    assert [(s.status, s.entered_by) for s in sheets] == [("submitted", "system")] * 2
    first = {score.criterion.number: (score.value, score.comment) for score in sheets[0].scores}
    assert first[5] == (5, "Papirskema, side 1")
    details = db.session.scalars(sa.select(AuditEntry.details)
                                 .where(AuditEntry.action == "sheet.submitted")).all()
    assert len(details) == 2 and all("entered_on_behalf_of" in d for d in details)


BAD_FILES = {
    "unknown juror": (sheet_rows("ukendt@example.dk", "AP-2024-0001"),
                      ["row 2: unknown juror 'ukendt@example.dk'"]),
    "unknown reference": (sheet_rows("anna@example.dk", "AP-2024-0099"),
                          ["row 2: unknown reference 'AP-2024-0099'"]),
    "not on the panel": (sheet_rows("carl@example.dk", "AP-2024-0001"),
                         ["row 8: carl@example.dk is not on the panel of round 1"]),
    "conflicted": (sheet_rows("bo@example.dk", "AP-2024-0003"),
                   ["row 5: bo@example.dk has a conflict of interest with AP-2024-0003"]),
    "score outside the scale": (sheet_rows("anna@example.dk", "AP-2024-0001",
                                           (4, 4, 6, 4, 4, 0, 4)),
                                ["row 4: score '6' is not a whole number from 1 to 5",
                                 "row 7: score '0' is not a whole number from 1 to 5"]),
    "missing criterion": ("".join(sheet_rows("anna@example.dk", "AP-2024-0001").splitlines(
        keepends=True)[:6]), ["rows 2, 3, 4, 5, 6, 7: anna@example.dk, AP-2024-0001 lacks "
                              "criterion 7"]),
    "duplicate row": (sheet_rows("anna@example.dk", "AP-2024-0001")
                      + "anna@example.dk,AP-2024-0001,3,2,\n",
                      ["row 9: duplicate of row 4"]),
    "criterion out of range": ("anna@example.dk,AP-2024-0001,8,4,\n",
                               ["row 2: criterion '8' is not one of 1-7"]),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_refused_whole(runner, imported, case):
    bad, expected = BAD_FILES[case]
    # A good sheet first: it must not land either.
    text = HEADER + sheet_rows("bo@example.dk", "AP-2024-0002") + bad
    shift = 7  # the good sheet's rows come first
    result = imported(runner, text)
    assert result.exit_code != 0
    assert "nothing imported" in result.output
    for message in expected:
        row, _, rest = message.partition(": ")
        numbers = [int(n) + shift for n in row.removeprefix("rows ").removeprefix("row ")
                   .split(", ")]
        label = ("rows " if row.startswith("rows") else "row ") + ", ".join(map(str, numbers))
        rest = rest.replace("duplicate of row 4", "duplicate of row 11")
        assert f"{label}: {rest}" in result.output, result.output
    assert count(ScoreSheet) == 0 and count(Score) == 0


def test_a_closed_round_refuses_the_file(runner, imported, clock):
    imported.round.closed_at = clock()
    db.session.commit()
    result = imported(runner, HEADER + sheet_rows("anna@example.dk", "AP-2024-0001"))
    assert result.exit_code != 0 and "round 1 of 2024 is closed" in result.output
    assert count(ScoreSheet) == 0


def test_a_file_without_the_columns_is_refused(runner, imported):
    result = imported(runner, "email,ref,score\nanna@example.dk,AP-2024-0001,4\n")
    assert result.exit_code != 0 and "row 1: the header lacks the column(s)" in result.output


def test_an_import_replaces_the_jurors_own_sheet_and_says_so(runner, imported, clock):
    round_, entry = imported.round, imported.entries[0]
    anna = jurors.juror_by_email(round_.cycle, "anna@example.dk")
    sheets.save_sheet(round_, anna, entry, sheets.SheetInput({1: 2}, {}), submit=False,
                    actor="anna@example.dk", at=clock())
    db.session.commit()
    result = imported(runner, HEADER + sheet_rows("anna@example.dk", "AP-2024-0001"))
    assert result.exit_code == 0 and "1 replaced" in result.output
    sheet = db.session.scalar(sa.select(ScoreSheet))
    db.session.refresh(sheet)
    assert sheet.status == "submitted" and sheet.entered_by == "system"
