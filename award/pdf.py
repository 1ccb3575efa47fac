"""PDFs (the announcement, the diploma, the grant record) from the same Jinja templates as the
pages, rendered by WeasyPrint. Files under /static/ are read from the package, never fetched
over the network."""

from pathlib import Path

import weasyprint
from flask import current_app, render_template

STATIC_PREFIX = "/static/"


def _static_files(url: str):
    """WeasyPrint's fetcher limited to the app's static folder."""
    path = url.split("://", 1)[-1]
    path = path[path.index(STATIC_PREFIX) + len(STATIC_PREFIX):] if STATIC_PREFIX in path else ""
    folder = Path(current_app.static_folder).resolve()
    target = (folder / path).resolve()
    if not path or folder not in target.parents or not target.is_file():
        raise ValueError(f"not a static file: {url}")
    return {"string": target.read_bytes(), "filename": target.name}


def render_pdf(template: str, **context) -> bytes:
    html = render_template(template, **context)
    return weasyprint.HTML(string=html, base_url="http://award.invalid/",
                           url_fetcher=_static_files).write_pdf()
