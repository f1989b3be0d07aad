"""Every main page, opened by its role: it shows what it should, a full-page screenshot is saved
under .build/screenshots/, and axe-core finds no serious or critical accessibility violation."""

from __future__ import annotations

import pytest
from axe_selenium_python import Axe

from support import ERROR_HEADINGS, MAIN_PAGES, axe_report, blocking, dump


@pytest.mark.parametrize("page", MAIN_PAGES, ids=[page.name for page in MAIN_PAGES])
def test_main_page(site, page):
    site.visit_as(page)
    assert site.path == page.path, f"{page.path} as {page.role or 'a visitor'} went to {site.path}"
    heading = site.heading()
    if page.heading is not None:
        assert heading.startswith(page.heading), f"{page.path} is headed {heading!r}"
    else:
        assert heading and not heading.startswith(ERROR_HEADINGS), f"{page.path} is headed {heading!r}"
    site.screenshot(page.name)

    axe = Axe(site.driver)
    axe.inject()
    results = axe.run()
    dump(results, page.name)
    violations = blocking(results)
    assert not violations, f"axe-core on {page.path} ({page.role or 'signed out'}):\n{axe_report(violations)}"
