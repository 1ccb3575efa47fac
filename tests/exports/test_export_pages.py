"""The secretariat's export page and its downloads: attachments with Danish file names that no
cache keeps, each recorded in the audit log; results only for closed rounds; nobody else."""

import json

import pytest
import sqlalchemy as sa
from conftest import login
from export_data import DANISH, PERSONAL, nominate, read_csv, read_xlsx, submit

from award.audit.models import AuditEntry
from award.extensions import db
from award.rounds import closing

PAGE = "/sekretariat/2024/eksport"
DOWNLOADS = [
    ("indstillinger.xlsx", "indstillinger-2024.xlsx", "nominations", False),
    ("indstillinger.csv", "indstillinger-2024.csv", "nominations", False),
    ("indstillinger-med-persondata.xlsx", "indstillinger-med-persondata-2024.xlsx",
     "nominations", True),
    ("indstillinger-med-persondata.csv", "indstillinger-med-persondata-2024.csv",
     "nominations", True),
    ("bedoemmelser.xlsx", "bedoemmelser-2024.xlsx", "sheets", False),
    ("bedoemmelser.csv", "bedoemmelser-2024.csv", "sheets", False),
]


@pytest.fixture
def nominated(cycle, make_nomination):
    return nominate(cycle, make_nomination)


@pytest.fixture
def office(app, make_user):
    client = app.test_client()
    login(client, make_user())
    return client


def exports_recorded():
    return db.session.scalars(sa.select(AuditEntry)
                              .where(AuditEntry.action == "export.downloaded")
                              .order_by(AuditEntry.id)).all()


def test_the_page_lists_the_downloads_with_the_gdpr_note(office, nominated):
    response = office.get(PAGE)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for address, *_ in DOWNLOADS:
        assert f'href="{PAGE}/{address}"' in page
    assert "GDPR" in page and "databeskyttelsesforordningen" in page
    assert "Uden navne, e-mailadresser og telefonnumre" in page
    assert "Ingen runder er lukket endnu" in page and "resultat-runde" not in page
    assert f'href="{PAGE}"' in page  # in the cycle's menu
    assert exports_recorded() == []  # the page itself records nothing


@pytest.mark.parametrize(("address", "filename", "what", "personal_data"), DOWNLOADS)
def test_each_download_is_an_attachment_no_cache_keeps_and_is_recorded(
        office, nominated, address, filename, what, personal_data):
    response = office.get(f"{PAGE}/{address}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f"attachment; filename={filename}"
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers and "Last-Modified" not in response.headers
    fmt = filename.rsplit(".", 1)[1]
    assert response.mimetype == ("text/csv" if fmt == "csv" else
                                 "application/vnd.openxmlformats-officedocument"
                                 ".spreadsheetml.sheet")
    data = response.get_data()
    if what == "nominations":
        text = ("\n".join(";".join(row) for row in read_csv(data)) if fmt == "csv" else
                "\n".join(str(cell.value) for row in read_xlsx(data).iter_rows()
                          for cell in row))
        assert DANISH in text
        present = [value for value in PERSONAL if value in text]
        assert present == (PERSONAL if personal_data else [])
    # Committed by the view (read here in the test's own session).
    (entry,) = exports_recorded()
    assert (entry.actor, entry.object_type, entry.object_id) == (
        "sekretariat@example.dk", "cycle", "2024")
    details = json.loads(entry.details)
    assert (details["what"], details["format"], details["personal_data"]) == (
        what, fmt, personal_data)


def test_results_only_for_a_closed_round(office, cycle, nominated, make_juror, open_round,
                                         clock):
    anna = make_juror(cycle, "anna@example.dk")
    round_ = open_round(cycle)
    submit(round_, anna, nominated[0], [4, 5, 4, 4, 5, 4, 5], clock)
    db.session.commit()
    assert office.get(f"{PAGE}/resultat-runde-1.xlsx").status_code == 404
    assert "resultat-runde-1" not in office.get(PAGE).get_data(as_text=True)
    assert exports_recorded() == []

    closing.close_round(round_, actor="system", at=clock(), force=True)
    db.session.commit()
    page = office.get(PAGE).get_data(as_text=True)
    assert f'href="{PAGE}/resultat-runde-1.xlsx"' in page
    assert f'href="{PAGE}/resultat-runde-1.csv"' in page
    response = office.get(f"{PAGE}/resultat-runde-1.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=resultat-2024-runde-1.csv")
    assert response.headers["Cache-Control"] == "no-store"
    assert len(read_csv(response.get_data())) == 1 + len(nominated)
    assert json.loads(exports_recorded()[0].details) == {
        "what": "results", "format": "csv", "personal_data": False, "rows": len(nominated),
        "round": 1}
    assert office.get(f"{PAGE}/resultat-runde-2.csv").status_code == 404
    assert office.get(f"{PAGE}/noget-andet.csv").status_code == 404
    assert office.get(f"{PAGE}/indstillinger.pdf").status_code == 404
    assert office.get("/sekretariat/2031/eksport/indstillinger.csv").status_code == 404


ADDRESSES = [PAGE, *(f"{PAGE}/{address}" for address, *_ in DOWNLOADS),
             f"{PAGE}/resultat-runde-1.xlsx"]


def test_a_juror_is_refused_and_nobody_signed_out_gets_in(app, cycle, nominated, make_juror):
    juror = make_juror(cycle, "anna@example.dk")
    client = app.test_client()
    login(client, juror.user)
    for address in ADDRESSES:
        assert client.get(address).status_code == 403, address
    anonymous = app.test_client()
    for address in ADDRESSES:
        response = anonymous.get(address)
        assert response.status_code == 302, address
        assert response.headers["Location"].startswith("/log-ind")
    assert exports_recorded() == []


def test_text_downloads_name_their_charset_once(office, nominated):
    """CSV, Markdown and HTML go out as UTF-8, said once (it was said twice)."""
    response = office.get(f"{PAGE}/indstillinger.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    response = office.get("/sekretariat/log.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
