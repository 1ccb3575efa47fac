"""PDFs (the announcement, the diploma, the grant record) from the same Jinja templates as the
pages, rendered by WeasyPrint. Files under /static/ are read from the package; nothing is
fetched over the network. Every PDF is tagged PDF/UA-1 (a screen reader reads its structure),
with its title (the template's <title>), its language (<html lang>) and Danske Regioner as
author."""

from pathlib import Path

import weasyprint
from flask import current_app, render_template
from weasyprint.urls import URLFetcher, URLFetcherResponse

AUTHOR = "Danske Regioner"
# Tagged PDF for accessibility: structure tree, marked content, title shown, language.
PDF_VARIANT = "pdf/ua-1"
BASE_URL = "http://award.invalid/"
STATIC_PREFIX = BASE_URL + "static/"


class StaticFiles(URLFetcher):
    """WeasyPrint's fetcher limited to the app's static folder."""

    def __init__(self, folder: str):
        super().__init__(allowed_protocols=("http",))
        self.folder = Path(folder).resolve()

    def fetch(self, url, headers=None):
        target = (self.folder / url.removeprefix(STATIC_PREFIX)).resolve()
        if not url.startswith(STATIC_PREFIX) or self.folder not in target.parents \
                or not target.is_file():
            raise ValueError(f"only the app's static files are read: {url}")
        return URLFetcherResponse(url, body=target.read_bytes())


def render_pdf(template: str, **context) -> bytes:
    html = render_template(template, **context)
    document = weasyprint.HTML(string=html, base_url=BASE_URL,
                               url_fetcher=StaticFiles(current_app.static_folder)
                               ).render(pdf_variant=PDF_VARIANT)
    document.metadata.authors = [AUTHOR]
    return document.write_pdf(pdf_variant=PDF_VARIANT)
