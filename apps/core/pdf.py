"""PDF rendering shared by every app: a template rendered to bytes by WeasyPrint.

The preview in the browser and the PDF use the same template. WeasyPrint gets a URL fetcher
that serves only the project's own static files and stored report images: file://, http(s)://
to anywhere else and internal addresses are refused and logged, so text typed by a user can
never make the renderer read the disk or the network.
"""

import logging
import mimetypes
from pathlib import PurePosixPath

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Documents are rendered as if served from this origin; only its /static/ and /media/reports/ resolve.
BASE_URL = "http://portal.invalid/"
STATIC_PREFIX = BASE_URL + "static/"
REPORT_MEDIA_PREFIX = BASE_URL + "media/reports/"


class RefusedURL(ValueError):
    pass


class SafeURLFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(STATIC_PREFIX):
            return self._static(url.removeprefix(STATIC_PREFIX), url)
        if url.startswith(REPORT_MEDIA_PREFIX):
            return self._media("reports/" + url.removeprefix(REPORT_MEDIA_PREFIX), url)
        logger.warning("PDF rendering refused to fetch %s", url)
        raise RefusedURL(f"refused: {url}")

    @staticmethod
    def _clean(name: str, url: str) -> str:
        name = name.split("?")[0].split("#")[0]
        if ".." in PurePosixPath(name).parts or name.startswith("/"):
            logger.warning("PDF rendering refused to fetch %s", url)
            raise RefusedURL(f"refused: {url}")
        return name

    def _static(self, name: str, url: str) -> URLFetcherResponse:
        name = self._clean(name, url)
        path = finders.find(name)
        if path:
            with open(path, "rb") as handle:
                return _response(url, handle.read(), name)
        if staticfiles_storage.exists(name):
            with staticfiles_storage.open(name) as handle:
                return _response(url, handle.read(), name)
        raise RefusedURL(f"no such static file: {name}")

    def _media(self, name: str, url: str) -> URLFetcherResponse:
        name = self._clean(name, url)
        if not default_storage.exists(name):
            raise RefusedURL(f"no such stored file: {name}")
        with default_storage.open(name) as handle:
            return _response(url, handle.read(), name)


def _response(url: str, body: bytes, name: str) -> URLFetcherResponse:
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return URLFetcherResponse(url, body, {"Content-Type": content_type})


def html_to_pdf(html: str, **options) -> bytes:
    """``options`` go to WeasyPrint's ``write_pdf`` (e.g. ``pdf_variant="pdf/a-2b", pdf_tags=True``)."""
    return HTML(string=html, base_url=BASE_URL, url_fetcher=SafeURLFetcher()).write_pdf(**options)


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes (a pure function of its inputs)."""
    return html_to_pdf(render_to_string(template_name, context))
