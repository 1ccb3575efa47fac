"""The juror's pages: dashboard, conflicts of interest, score sheets."""

from award.jury import models  # noqa: F401  (the tables, for Alembic)


def init_app(app) -> None:
    from award.criteria.weights import format_hundredths
    from award.templating import current_language

    app.jinja_env.filters["weight"] = lambda hundredths: format_hundredths(
        hundredths, "," if current_language() == "da" else ".")
