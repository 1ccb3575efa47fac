"""What the grant tests share: a decided cycle made through the real services (two entries,
one juror, round 1 closed, the winner recorded, which makes the grant), a signed-in
secretariat, receipts that are and are not what they say, adding a claim through the service,
reading the CSV and PDF back.

The fixtures (`make_decided`, `decided`, `secretariat`) are imported by the test modules that
use them, as their *_fixture functions, rather than kept in a conftest.py: a second conftest
module here is what `from conftest import …` would find in other folders.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

import pytest
from fixtures.factories import login
from pypdf import PdfReader

from award.cycles.models import Cycle
from award.extensions import db
from award.grants import services as grants
from award.grants.models import Grant
from award.jury import sheets
from award.nominations.models import Nomination
from award.rounds import closing, decision

WINNER = "Ældrevenlig akutmodtagelse på Ærø"
ORGANISATION = "Sygehus Sønderjylland, Aabenraa"
SECRETARIAT = "sekretariat@example.dk"
# The smallest files that pass the content checks, and one that only pretends.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
FAKE_PDF = b"MZ\x90\x00 this is a program, not a receipt"


PAYEE = "Mette Hansen"
ACCOUNT = "Reg.nr. 1234 kontonr. 0001234567"
NO_RECEIPT = "Billetten er købt på rejsekort."
# The tests' clock stands a few days after the decision (15 January 2024): a journey on the
# day the grant was given has been made and can be approved.
TRAVELLED = date(2024, 1, 15)


def details(amount_ore, *, travel_date=TRAVELLED, event="Temadag om patientinddragelse",
            place="Odense", payee=PAYEE, account=ACCOUNT,
            via_organisation=False) -> grants.ClaimDetails:
    return grants.ClaimDetails(
        travel_date=travel_date, event=event, place=place,
        description="Tog tur-retur og en overnatning.", amount_ore=amount_ore,
        payee_name=payee, payee_account=account, payee_via_organisation=via_organisation)


def add(grant, clock, amount_ore, *, receipt=None, **overrides):
    """A claim through the service, committed."""
    claim = grants.add_claim(grant, details(amount_ore, **overrides), receipt=receipt,
                             max_bytes=10 * 1024 * 1024, actor=SECRETARIAT, at=clock())
    db.session.commit()
    return claim


def approve(grant, clock, claim, **kwargs):
    """Approve through the service (a claim without a receipt with the reason why), committed."""
    kwargs.setdefault("no_receipt_reason", NO_RECEIPT)
    approved = grants.approve(grant, claim.number, actor=kwargs.pop("actor", SECRETARIAT),
                              at=clock(), **kwargs)
    db.session.commit()
    return approved


def read_csv(data: bytes) -> list[list[str]]:
    """A CSV for Danish Excel read back: BOM, semicolons, CRLF."""
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def pdf_text(data: bytes) -> str:
    """The PDF's text, white space (line breaks in table cells, non-breaking spaces) as
    single spaces."""
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def plain(text) -> str:
    """A message with non-breaking spaces as plain ones ("10.000,00 kr.")."""
    return str(text).replace("\xa0", " ")


# ---------------------------------------------------------------- fixtures


@dataclass
class Decided:
    cycle: Cycle
    winner: Nomination
    grant: Grant


@pytest.fixture(name="make_decided")
def make_decided_fixture(make_cycle, make_nomination, make_juror, open_round, clock):
    def make(year=2024, cap_ore=None, juror="juror@example.dk") -> Decided:
        cycle = make_cycle(year=year, opens=f"{year - 1}-11-21", deadline=f"{year}-01-13")
        if cap_ore is not None:
            cycle.grant_cap_ore = cap_ore
        winner = make_nomination(cycle, initiative_name=WINNER, organisation=ORGANISATION,
                                 contact_name="Åse Østergård",
                                 contact_email="aase.oestergaard@example.dk")
        other = make_nomination(cycle, initiative_name="Broen til bedre sundhed")
        juror = make_juror(cycle, juror, name="Jens Juror")
        round_ = open_round(cycle)
        for entry, score in ((winner, 5), (other, 3)):
            sheets.save_sheet(round_, juror, entry,
                              sheets.SheetInput(dict.fromkeys(range(1, 8), score), {}),
                              submit=True, actor=juror.email, at=clock())
        db.session.commit()
        closing.close_round(round_, actor="system", at=clock())
        decision.decide(cycle, winner, actor=SECRETARIAT, at=clock())
        db.session.commit()
        return Decided(cycle, winner, grants.grant_for(cycle))

    return make


@pytest.fixture(name="decided")
def decided_fixture(make_decided):
    return make_decided()


@pytest.fixture(name="secretariat")
def secretariat_fixture(make_user, client):
    user = make_user(email=SECRETARIAT, name="Sara Sekretær")
    login(client, user)
    return user

