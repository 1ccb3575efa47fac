"""Template filters and globals shared by every page."""

from decimal import Decimal

from babel.numbers import format_currency
from flask import Flask, request
from flask_babel import format_timedelta, get_locale

from award import timeutil


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale else "da"


def time_left(deadline):
    """'om 3 uger' / 'in 3 weeks'; None once it has passed."""
    remaining = deadline - timeutil.now()
    if remaining.total_seconds() <= 0:
        return None
    return format_timedelta(remaining, threshold=1.1, add_direction=True)


def format_kroner(ore: int) -> str:
    """Money is integer øre; shown in Danish form, '10.000,00 kr.', on every page."""
    return format_currency(Decimal(ore).scaleb(-2), "DKK", locale="da_DK")


def format_kroner_short(ore: int) -> str:
    """For prose: '10.000 kr.' when the amount is whole kroner, '2.500,50 kr.' otherwise.
    Records (amounts to account for) keep the øre with `kroner`."""
    if ore % 100:
        return format_kroner(ore)
    return format_currency(Decimal(ore // 100), "DKK", format="#,##0\xa0¤",
                           currency_digits=False, locale="da_DK")


def format_filesize(size: int) -> str:
    if size >= 1024 * 1024:
        text = f"{size / (1024 * 1024):.1f} MB"
        return text.replace(".", ",") if current_language() == "da" else text
    return f"{max(1, round(size / 1024))} KB"


def init_app(app: Flask) -> None:
    app.jinja_env.filters["deadline"] = timeutil.format_deadline
    app.jinja_env.filters["moment"] = timeutil.format_moment
    app.jinja_env.filters["day"] = timeutil.format_day
    app.jinja_env.filters["kroner"] = format_kroner
    app.jinja_env.filters["kroner_short"] = format_kroner_short
    app.jinja_env.filters["filesize"] = format_filesize
    app.jinja_env.globals["time_left"] = time_left
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def language_context():
        return {
            "language": current_language(),
            "other_language": "en" if current_language() == "da" else "da",
            "current_path": request.full_path.rstrip("?") if request else "/",
            "now": timeutil.now(),
        }
