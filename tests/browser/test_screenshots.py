"""The README's screenshots, made here so that every run of the browser tests
brings them up to date with the pages (commit them when they change).

They are the first screenful at desktop width, not the whole page: what a
visitor sees first, and small enough (a few hundred KB) for the repository.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

PAGES = {
    "case": "/cases/kazakhstan-v-viktor-khrapunov-and-others/",
    "party": "/parties/viktor-khrapunov/",
}


@pytest.mark.parametrize("name", PAGES)
def test_the_readme_screenshot_shows_the_page(site, name, desktop):
    desktop.emulate_media(color_scheme="light")
    desktop.goto(site + PAGES[name])
    expect(desktop.get_by_role("heading", level=1)).to_be_visible()

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    desktop.screenshot(path=str(path), animations="disabled", caret="hide")
    assert path.stat().st_size < 400_000
