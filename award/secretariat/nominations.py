"""The secretariat's nomination pages: the list, one nomination with its personal data, its
attachments."""

from flask import abort, render_template

from award.auth import secretariat_required
from award.cycles.models import Cycle
from award.nominations import services as nominations
from award.nominations.forms import relation_labels
from award.nominations.models import Nomination
from award.secretariat import bp
from award.web import load_cycle, send_attachment


def load_nomination(cycle: Cycle, reference: str) -> Nomination:
    nomination = nominations.by_reference(reference)
    if nomination is None or nomination.cycle_id != cycle.id:
        abort(404)
    return nomination


@bp.get("/<int:year>/indstillinger")
@secretariat_required
def nomination_list(year: int):
    cycle = load_cycle(year)
    return render_template("secretariat/nominations.html", cycle=cycle,
                           nominations=nominations.submitted(cycle))


@bp.get("/<int:year>/indstillinger/<reference>")
@secretariat_required
def nomination(year: int, reference: str):
    cycle = load_cycle(year)
    return render_template("secretariat/nomination.html", cycle=cycle,
                           nomination=load_nomination(cycle, reference),
                           relations=relation_labels())


@bp.get("/<int:year>/indstillinger/<reference>/bilag/<int:attachment_id>")
@secretariat_required
def nomination_attachment(year: int, reference: str, attachment_id: int):
    return send_attachment(load_nomination(load_cycle(year), reference), attachment_id)
