"""The secretariat's exports: a page listing the downloads of a cycle, and the downloads
(each recorded in the audit log, answered as an attachment that no cache keeps)."""

from flask import abort, render_template
from flask_login import current_user

from award import timeutil
from award.auth import secretariat_required
from award.exports import services as exports
from award.exports.formats import CSV, FORMATS, XLSX
from award.rounds import services as rounds
from award.secretariat import bp
from award.web import commits, download, load_cycle

# The downloads' names in the address, and what each is.
DOWNLOADS = {
    "indstillinger": (exports.NOMINATIONS, False),
    "indstillinger-med-persondata": (exports.NOMINATIONS, True),
    "bedoemmelser": (exports.SHEETS, False),
}
# For the `any` converter of the addresses (quoted: the names hold hyphens).
NAMES = ", ".join(f'"{name}"' for name in DOWNLOADS)
FORMAT_NAMES = ", ".join(f'"{fmt}"' for fmt in FORMATS)


@bp.get("/<int:year>/eksport")
@secretariat_required
def exports_page(year: int):
    cycle = load_cycle(year)
    # XLSX first: it shows everything exactly as stored; CSV is for those who need it.
    return render_template("secretariat/exports.html", cycle=cycle, formats=(XLSX, CSV),
                           closed_rounds=exports.closed_rounds(cycle))


@bp.get(f"/<int:year>/eksport/<any({NAMES}):name>.<any({FORMAT_NAMES}):fmt>")
@secretariat_required
@commits
def export_download(year: int, name: str, fmt: str):
    cycle = load_cycle(year)
    what, personal_data = DOWNLOADS[name]
    return download(exports.export(cycle, what, fmt, personal_data=personal_data,
                                   actor=current_user.email, at=timeutil.now()))


@bp.get(f"/<int:year>/eksport/resultat-runde-<int:number>.<any({FORMAT_NAMES}):fmt>")
@secretariat_required
@commits
def results_download(year: int, number: int, fmt: str):
    """A closed round's results; a round that is still open has none (404, like no round)."""
    cycle = load_cycle(year)
    round_ = rounds.round_by_number(cycle, number)
    if round_ is None or round_.closed_at is None:
        abort(404)
    return download(exports.export(cycle, exports.RESULTS, fmt, round_=round_,
                                   actor=current_user.email, at=timeutil.now()))
