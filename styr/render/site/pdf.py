"""`styr report --format pdf`: a tagged PDF (PDF/UA-1) for each unit and report kind, and one of the whole report
(the start page and every målrapport), made from the HTML pages with WeasyPrint. The headings become bookmarks,
the language is sv, the title is the page's, and the pictures keep their text alternatives. The only module that
imports weasyprint; it reads nothing from the network or the disk (every file it may load is given to it)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from styr.render.site import templating
from styr.render.site.pages import LOGO, STYLESHEET, ViewBuilder
from styr.render.site.progress import Progress, Silent
from styr.render.site.render import RenderSummary
from styr.render.site.site import OutputFolder
from styr.render.site.view import Kind, PagePlan, ReportInput
from styr.resources import data_dir

if TYPE_CHECKING:
    from styr.load.cache import Memos

WHOLE = "hela-rapporten.pdf"
PDF_VARIANT = "pdf/ua-1"
_BASE = "https://rapport.invalid/"  # pages are given as strings: a base their relative links resolve against


def pdf_path(plan: PagePlan) -> str:
    """styrkort/bun.html → styrkort/bun.pdf."""
    return plan.path.rsplit(".", 1)[0] + ".pdf"


def _fetcher(files: dict[str, bytes]) -> Any:
    """A URL fetcher that serves the report's own stylesheet and logo and refuses everything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    types = {"css": "text/css", "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg"}

    class OwnFiles(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            name = url.removeprefix(_BASE)
            if name not in files:
                raise ValueError(f"rapporten hämtar inget utifrån: {url}")
            kind = types.get(name.rsplit(".", 1)[-1], "application/octet-stream")
            return URLFetcherResponse(url, files[name], {"Content-Type": kind})

    return OwnFiles()


class PdfUnavailable(Exception):
    """WeasyPrint (or the Pango library it needs) is not installed; the message is Swedish."""


class _Pdf:
    """Renders pages to WeasyPrint documents with the report's files."""

    def __init__(self, files: dict[str, bytes]) -> None:
        try:
            import weasyprint
        except (ImportError, OSError) as exc:  # OSError: the package is there, Pango is not
            raise PdfUnavailable(f"PDF kräver WeasyPrint och Pango: installera med pip install 'styr[pdf]' "
                                 f"(och Debians paket libpango-1.0-0 och libpangoft2-1.0-0). ({exc})") from exc

        # WeasyPrint warns about CSS it does not know (the browser's ::details-content): not the user's concern.
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        self._html = weasyprint.HTML
        self._fetch = _fetcher(files)

    def document(self, html: str, path: str) -> Any:
        return self._html(string=html, base_url=_BASE + path, url_fetcher=self._fetch).render()

    @staticmethod
    def write(document: Any) -> bytes:
        data: bytes = document.write_pdf(pdf_variant=PDF_VARIANT)
        return data


def render_pdf(data: ReportInput, out: OutputFolder, templates: Path | None = None,
               progress: Progress | None = None, compiled: Memos | None = None) -> RenderSummary:
    """Write a PDF for every unit page of the report and one of the whole report. Raises site.OutputRefused
    before anything is written when the folder holds files styr did not write, and templating.TemplateProblem
    when a template is broken."""
    html_data = replace(data, fmt="html", pdf=True)
    builder = ViewBuilder(html_data)
    plan = [p for p in builder.plan() if p.unit is not None]
    index = next(p for p in builder.plan() if p.unit is None and not p.number)
    env = templating.environment("html", data_dir("templates"), templates, compiled)
    for name in sorted({builder.template_for(p) for p in (*plan, index)} | {"html/style.css.j2"}):
        templating.load(env, name)
    files = {STYLESHEET: templating.render(env, "html/style.css.j2", accent=data.accent).encode("utf-8")}
    if data.logo is not None:
        files[f"{LOGO}.{data.logo[0]}"] = data.logo[1]
    maker = _Pdf(files)
    out.begin([*(pdf_path(p) for p in plan), WHOLE])
    reports: list[Any] = []
    with progress or Silent() as bar:
        bar.start(len(plan) + 1)
        for p in plan:
            document = maker.document(_html(builder, env, p), p.path)
            out.write_bytes(pdf_path(p), maker.write(document))
            if p.kind is Kind.MALRAPPORT:
                reports.append(document)
            bar.advance()
        out.write_bytes(WHOLE, maker.write(_whole(maker, builder, env, index, reports)))
        bar.advance()
    removed = out.finish()
    templating.keep_compiled(env)
    return RenderSummary(len(plan) + 1, out.skipped, tuple(removed))


def _html(builder: ViewBuilder, env: templating.Environment, plan: PagePlan) -> str:
    return templating.render(env, builder.template_for(plan), page=builder.build(plan))


def _whole(maker: _Pdf, builder: ViewBuilder, env: templating.Environment, index: PagePlan,
           reports: Sequence[Any]) -> Any:
    """The start page and every målrapport in one document, each beginning on a new page; its bookmarks are
    the pages' headings, its title says what it holds."""
    first = maker.document(_html(builder, env, index), index.path)
    pages = [page for document in (first, *reports) for page in document.pages]
    whole = first.copy(pages)
    whole.metadata.title = f"{builder.municipality}: mål och resultat, {builder.period_name} (hela rapporten)"
    whole.metadata.lang = "sv"
    return whole
