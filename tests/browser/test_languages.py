"""The site in Russian and Kazakh in a browser: the switcher keeps the reader on
the page, the pages pass axe-core, and each run leaves screenshots of the
Russian and Kazakh case page in test-artifacts/."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .test_accessibility import assert_accessible

KAZAKH_CASE = "/cases/kazakhstan-v-viktor-khrapunov-and-others/"
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "khrapunov.json"


def demo_case(slug):
    records = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return next(
        r["fields"]
        for r in records
        if r["model"] == "proceedings.case" and r["fields"]["slug"] == slug
    )


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize(
    ("language", "date"), [("ru", "8 октября 2018"), ("kk", "2018\u202fж. 8 қазан")]
)
def test_the_case_page_in_russian_and_kazakh(site, language, date, device, request):
    page = request.getfixturevalue(device)
    assert_accessible(page, f"{site}/{language}{KAZAKH_CASE}", 200)

    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator("#ruling-1 .when")).to_contain_text(date)
    # the editors' translation of the title and the summary, not the English
    case = demo_case(KAZAKH_CASE.split("/")[2])
    expect(page.get_by_role("heading", level=1)).to_have_text(case[f"title_{language}"])
    expect(page.locator("p.summary")).to_contain_text(case[f"summary_{language}"])


def test_the_switcher_keeps_the_reader_on_the_page(site, desktop):
    desktop.goto(f"{site}/ru/parties/viktor-khrapunov/")
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Виктор Храпунов")

    desktop.get_by_role("link", name="Қазақша").click()

    expect(desktop).to_have_url(re.compile(r"/kk/parties/viktor-khrapunov/$"))
    desktop.get_by_role("link", name="English").click()
    expect(desktop).to_have_url(re.compile(r"/parties/viktor-khrapunov/$"))
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Viktor Khrapunov")
