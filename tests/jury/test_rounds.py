"""Opening a round: only once the call for nominations has closed."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from award.extensions import db
from award.nominations import screening
from award.rounds import services as rounds
from award.rounds.models import Round


@pytest.fixture
def ready(cycle, make_nomination, make_juror):
    make_nomination(cycle)
    make_juror(cycle, "a@example.dk")
    return cycle


@pytest.mark.parametrize("before_deadline", [timedelta(days=60), timedelta(days=8),
                                             timedelta(microseconds=1)])
def test_a_round_cannot_open_before_the_call_closes(ready, before_deadline):
    # 60 days before: the call has not even opened; then while it is open.
    with pytest.raises(rounds.RoundError) as refused:
        rounds.open_round(ready, number=1, actor="system",
                        at=ready.deadline_at - before_deadline)
    assert str(refused.value) == ("Runden kan først åbnes, når fristen for indstillinger er "
                                  "udløbet (13. januar 2024 kl. 23.59).")
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Round.id))) == 0


def test_a_round_opens_the_moment_the_call_closes(ready):
    screening.screen_remaining(ready, actor="system", at=ready.deadline_at)
    opened = rounds.open_round(ready, number=1, actor="system", at=ready.deadline_at)
    assert opened.opened_at == ready.deadline_at and len(opened.panel) == 1
