"""`award jury add`, `award criteria weights`, `award round open`."""

import json

import sqlalchemy as sa
from conftest import JUDGING

from award.cycles.models import Criterion
from award.extensions import db
from award.jury.models import Juror
from award.mail.models import OutboxMessage
from award.rounds.models import Round


def test_jury_add_prints_the_invitation_and_queues_the_e_mail(runner, cycle):
    result = runner.invoke(args=["jury", "add", "--year", "2024", "--email", "Mette@Example.dk",
                                 "--name", "Mette Holm", "--kind", "patientorganisation",
                                 "--weight", "1.5"])
    assert result.exit_code == 0, result.output
    assert "weight 1.50" in result.output and "/konto/invitation/" in result.output
    juror = db.session.scalar(sa.select(Juror))
    assert juror.weight_hundredths == 150 and juror.email == "mette@example.dk"
    [message] = db.session.scalars(sa.select(OutboxMessage)).all()
    assert message.to_address == "mette@example.dk" and "/konto/invitation/" in message.body
    again = runner.invoke(args=["jury", "add", "--year", "2024", "--email", "mette@example.dk",
                                "--name", "Mette", "--kind", "fagperson"])
    assert again.exit_code != 0 and "allerede med i juryen" in again.output


def test_jury_add_refuses_bad_weights(runner, cycle):
    for weight in ("0", "1.555", "-1", "en"):
        result = runner.invoke(args=["jury", "add", "--year", "2024", "--email", "a@example.dk",
                                     "--name", "A", "--kind", "fagperson", "--weight", weight])
        assert result.exit_code != 0, weight
    assert db.session.scalar(sa.select(sa.func.count(Juror.id))) == 0


def test_criteria_weights_are_exact(runner, cycle):
    result = runner.invoke(args=["criteria", "weights", "--year", "2024", "--weights",
                                 "1,1,1,1,1,1.25,2"])
    assert result.exit_code == 0, result.output
    weights = db.session.scalars(sa.select(Criterion.weight_hundredths)
                                 .order_by(Criterion.number)).all()
    assert weights == [100, 100, 100, 100, 100, 125, 200]
    shown = json.loads(runner.invoke(args=["cycle", "show", "--year", "2024", "--json"]).output)
    assert [c["weight"] for c in shown["criteria"]] == ["1.00"] * 5 + ["1.25", "2.00"]
    text = runner.invoke(args=["cycle", "show", "--year", "2024"]).output
    assert "6. (1.25) " in text and "7. (2.00) " in text
    for bad in ("1,1,1", "0,0,0,0,0,0,0", "1,1,1,1,1,1,0.001"):
        assert runner.invoke(args=["criteria", "weights", "--year", "2024",
                                   "--weights", bad]).exit_code != 0


def test_round_open_with_a_panel_and_its_settings(runner, cycle, clock, make_juror,
                                                  make_nomination):
    for number in range(6):
        make_nomination(cycle, initiative_name=f"Initiativ {number}")
    make_juror(cycle, "a@example.dk")
    make_juror(cycle, "b@example.dk")
    args = ["round", "open", "--year", "2024", "--number", "1", "--panel", "a@example.dk",
            "--advance", "5", "--quorum", "3", "--method", "normalised", "--deadline",
            "2024-02-15"]
    # The call is open until 13 January: nominators may still change what jurors would score.
    refused = runner.invoke(args=args)
    assert refused.exit_code != 0
    assert ("Runden kan først åbnes, når fristen for indstillinger er udløbet (13. januar 2024 "
            "kl. 23.59).") in refused.output
    assert db.session.scalar(sa.select(sa.func.count(Round.id))) == 0
    clock.set(JUDGING)
    unscreened = runner.invoke(args=args)
    assert unscreened.exit_code != 0
    assert "6 indstillinger er ikke screenet endnu." in unscreened.output
    screened = runner.invoke(args=["nominations", "screen", "--year", "2024", "--all-remaining",
                                   "--eligible"])
    assert screened.exit_code == 0 and "Marked 6 nominations eligible" in screened.output
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "1 jurors, 6 entries" in result.output
    round_ = db.session.scalar(sa.select(Round))
    assert (round_.advance_count, round_.quorum, round_.method, round_.whole_jury) == (
        5, 3, "normalised", False)
    assert [seat.juror.email for seat in round_.panel] == ["a@example.dk"]
    again = runner.invoke(args=["round", "open", "--year", "2024", "--number", "1"])
    assert again.exit_code != 0 and "allerede åbnet" in again.output
    later = runner.invoke(args=["round", "open", "--year", "2024", "--number", "2"])
    assert later.exit_code != 0 and ("Runde 1 skal være lukket, og de bedste skal være gået "
                                     "videre, før runde 2 kan åbnes.") in later.output
    unknown = runner.invoke(args=["round", "open", "--year", "2024", "--number", "1",
                                  "--panel", "x@example.dk"])
    assert unknown.exit_code != 0


def test_a_juror_added_later_joins_an_open_whole_jury_round(runner, cycle, make_juror,
                                                            make_nomination, open_round):
    make_nomination(cycle)
    make_juror(cycle, "a@example.dk")
    round_ = open_round(cycle)
    make_juror(cycle, "b@example.dk")
    db.session.refresh(round_)
    assert sorted(seat.juror.email for seat in round_.panel) == ["a@example.dk", "b@example.dk"]
