"""Headers every page carries, templates that keep to the Content-Security-Policy."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.helpers import downloaded

pytestmark = pytest.mark.django_db

# Rendered by WeasyPrint into PDFs, never served to a browser: the CSP does not apply to them.
PDF_ONLY_TEMPLATES = {"reports/pdf.html", "proposals/pdf_form.html"}
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=\"|\son[a-z]+=\"", re.IGNORECASE)


def _browser_templates() -> list[Path]:
    roots = [settings.BASE_DIR / "templates", *sorted((settings.BASE_DIR / "apps").glob("*/templates"))]
    found = []
    for root in roots:
        for path in root.rglob("*.html"):
            if str(path.relative_to(root)) not in PDF_ONLY_TEMPLATES:
                found.append(path)
    return found


def test_no_template_served_to_browsers_has_inline_script_style_or_handlers():
    offending = []
    for path in _browser_templates():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if INLINE.search(line):
                offending.append(f"{path.relative_to(settings.BASE_DIR)}:{number}")
    assert not offending, "inline script/style (forbidden by the CSP): " + ", ".join(offending)


def test_pages_carry_a_csp_without_unsafe_inline_and_a_permissions_policy(client_for, officer):
    response = client_for(officer).get(reverse("core:home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]


def test_signed_in_pages_and_exports_are_not_kept_by_the_browser(client_for, officer):
    client = client_for(officer)
    page = client.get(reverse("people:member_list"))
    export = client.get(reverse("people:member_list") + "?export=csv")
    downloaded(export)
    for response in (page, export):
        assert response["Cache-Control"] == "private, no-store"


def test_a_missing_page_is_the_portals_own_404_in_chinese(client_for, staff):
    response = client_for(staff).get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in body and "返回工作台" in body and "返回上一页" in body
    assert 'data-testid="user-menu"' in body  # the portal's layout, with the user's menu


def test_a_refused_page_says_whom_to_ask(client_for, staff):
    response = client_for(staff).get(reverse("purchases:index"))
    body = response.content.decode()
    assert response.status_code == 403
    assert "无权访问" in body and "联系校工会办公室" in body and "教职工" in body
