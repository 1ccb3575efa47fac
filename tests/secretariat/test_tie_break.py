"""The tie-break chain: set in the web beside the criterion weights, and on the command line;
a criterion that does not exist is refused and nothing changes."""

import pytest
from conftest import csrf_token, login

from award.extensions import db

PAGE = "/sekretariat/2024/kriterier/vaegte"


@pytest.fixture
def office(app, make_user):
    client = app.test_client()
    login(client, make_user())
    return client


def post(client, chain):
    data = {f"weight_{n}": "1" for n in range(1, 8)}
    return client.post(PAGE, data={**data, "tie_break": chain,
                                   "csrf_token": csrf_token(client, PAGE)})


def test_the_chain_in_the_web(office, cycle):
    assert 'value="7, 3"' in office.get(PAGE).get_data(as_text=True)
    assert post(office, "3, 7").status_code == 302
    db.session.refresh(cycle)
    assert cycle.tie_break == [3, 7]
    page = post(office, "9").get_data(as_text=True)
    assert "Kriterium 9 findes ikke; kriterierne er 1-7." in page
    page = post(office, "syv").get_data(as_text=True)
    assert "Skriv kriteriernes numre adskilt af komma, fx 7, 3." in page
    db.session.refresh(cycle)
    assert cycle.tie_break == [3, 7]
    assert "rækkefølge: 3, 7." in office.get("/sekretariat/2024/jury").get_data(as_text=True)


def test_the_chain_on_the_command_line(runner, cycle):
    result = runner.invoke(args=["cycle", "update", "--year", "2024", "--tie-break", "7,3,1"])
    assert result.exit_code == 0, result.output
    db.session.refresh(cycle)
    assert cycle.tie_break == [7, 3, 1]
    for bad in ("8", "7,7", "x"):
        refused = runner.invoke(args=["cycle", "update", "--year", "2024", "--tie-break", bad])
        assert refused.exit_code != 0, bad
    db.session.refresh(cycle)
    assert cycle.tie_break == [7, 3, 1]
