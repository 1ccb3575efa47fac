"""`award export`: writes the file and records it in the audit log; refuses bad input with a
message and a non-zero exit, writing nothing and recording nothing."""

import json
import stat

import pytest
import sqlalchemy as sa
from export_data import DANISH, PERSONAL, judge, nominate, read_csv, read_xlsx

from award.audit.models import AuditEntry
from award.extensions import db


@pytest.fixture
def nominated(cycle, make_nomination):
    return nominate(cycle, make_nomination)


def exports_recorded():
    return db.session.scalars(sa.select(AuditEntry)
                              .where(AuditEntry.action == "export.downloaded")
                              .order_by(AuditEntry.id)).all()


def export(runner, *args):
    return runner.invoke(args=["export", "--year", "2024", *args])


def test_nominations_by_default_without_personal_data(runner, nominated, tmp_path):
    out = tmp_path / "indstillinger.xlsx"
    result = export(runner, "--what", "nominations", "--format", "xlsx", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "without personal data" in result.output and "5 rows" in result.output
    text = "\n".join(str(cell.value) for row in read_xlsx(out.read_bytes()).iter_rows()
                     for cell in row)
    assert DANISH in text and not [value for value in PERSONAL if value in text]
    # Readable by its owner alone; no temporary file left beside it.
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [path.name for path in tmp_path.iterdir()] == ["indstillinger.xlsx"]
    (entry,) = exports_recorded()
    assert (entry.actor, entry.object_type, entry.object_id) == ("system", "cycle", "2024")
    assert json.loads(entry.details) == {"what": "nominations", "format": "xlsx",
                                         "personal_data": False, "rows": 5}

    help_text = " ".join(runner.invoke(args=["export", "--help"]).output.split())
    assert "Default: --no-personal" in help_text and "(without them)" in help_text


def test_nominations_with_personal_data(runner, nominated, tmp_path):
    out = tmp_path / "med.csv"
    result = export(runner, "--what", "nominations", "--format", "csv", "--out", str(out),
                    "--personal-data")
    assert result.exit_code == 0, result.output
    assert "with personal data" in result.output
    text = "\n".join(";".join(row) for row in read_csv(out.read_bytes()))
    assert [value for value in PERSONAL if value not in text] == []
    assert json.loads(exports_recorded()[0].details)["personal_data"] is True


def test_sheets_and_the_last_closed_rounds_results(runner, cycle, nominated, make_juror,
                                                   open_round, clock, tmp_path):
    judge(cycle, nominated, make_juror, open_round, clock)
    sheets = tmp_path / "sheets.csv"
    assert export(runner, "--what", "sheets", "--format", "csv", "--out", str(sheets)
                  ).exit_code == 0
    assert len(read_csv(sheets.read_bytes())) == 1 + 2 * len(nominated)

    results = tmp_path / "resultat.xlsx"
    result = export(runner, "--what", "results", "--format", "xlsx", "--out", str(results))
    assert result.exit_code == 0, result.output
    assert "Runde 1" in result.output
    assert read_xlsx(results.read_bytes()).max_row == 1 + len(nominated)
    details = [json.loads(entry.details) for entry in exports_recorded()]
    assert details == [
        {"what": "sheets", "format": "csv", "personal_data": False, "rows": 10},
        {"what": "results", "format": "xlsx", "personal_data": False, "rows": 5, "round": 1}]


def test_the_command_refuses_an_open_round(runner, cycle, nominated, make_juror, open_round,
                                           tmp_path):
    make_juror(cycle, "anna@example.dk")
    open_round(cycle)
    out = tmp_path / "resultat.csv"
    for extra in (["--round", "1"], []):
        result = export(runner, "--what", "results", "--format", "csv", "--out", str(out),
                        *extra)
        assert result.exit_code != 0
        assert ("round 1 of 2024 is still open" in result.output if extra
                else "no round of 2024 has been closed" in result.output)
    assert list(tmp_path.iterdir()) == [] and exports_recorded() == []


@pytest.mark.parametrize(("args", "message"), [
    (["--year", "2031", "--what", "nominations", "--format", "csv", "--out", "{tmp}/x.csv"],
     "no cycle for 2031"),
    (["--year", "2024", "--what", "nominations", "--format", "csv",
      "--out", "{tmp}/mangler/x.csv"], "does not exist"),
    (["--year", "2024", "--what", "nominations", "--format", "csv", "--out", "{tmp}/x.xlsx"],
     "ends in .xlsx but --format is csv"),
    (["--year", "2024", "--what", "sheets", "--format", "csv", "--out", "{tmp}/x.csv",
      "--personal-data"], "--personal-data applies only to --what nominations"),
    (["--year", "2024", "--what", "nominations", "--format", "csv", "--out", "{tmp}/x.csv",
      "--round", "1"], "--round applies only to --what results"),
    (["--year", "2024", "--what", "results", "--format", "csv", "--out", "{tmp}/x.csv",
      "--round", "3"], "round 3 of 2024 has not been opened"),
    (["--year", "2024", "--what", "nominations", "--format", "csv", "--out", "{tmp}"],
     "is a directory"),
    (["--year", "2024", "--what", "everything", "--format", "csv", "--out", "{tmp}/x.csv"],
     "Invalid value for '--what'"),
])
def test_bad_input_is_refused_and_nothing_written(runner, nominated, tmp_path, args, message):
    result = runner.invoke(args=["export", *(arg.format(tmp=tmp_path) for arg in args)])
    assert result.exit_code != 0
    assert message in result.output
    assert list(tmp_path.iterdir()) == [] and exports_recorded() == []
