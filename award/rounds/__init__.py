"""Judging rounds: opening with a panel and fixed entries, completeness, closing with a
results snapshot, ties resolved by the secretariat, advancing, and the decision."""


def init_app(app) -> None:
    from award.criteria.results import lowest_terms, round_half_up
    from award.templating import current_language

    def two_decimals(value) -> str:
        text = round_half_up(value)
        return text.replace(".", ",") if current_language() == "da" else text

    def decimal_float(value: float, places: int = 2) -> str:
        text = f"{value:.{places}f}"
        return text.replace(".", ",") if current_language() == "da" else text

    app.jinja_env.filters["two_decimals"] = two_decimals
    app.jinja_env.filters["exact"] = lowest_terms
    app.jinja_env.filters["decimal"] = decimal_float
