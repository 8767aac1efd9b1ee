"""A reader looks a person up and reaches the decisions, on desktop and phone."""

import re

import pytest
from playwright.sync_api import expect

KAZAKH_CASE = (
    "Kazakhstan v. Viktor Khrapunov, Leyla Khrapunova, Aiyar Ilyasov and others"
)


def search_khrapunov(page, site):
    page.goto(site + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_label(re.compile("Search a person")).fill("Khrapunov")
    page.get_by_label(re.compile("Search a person")).press("Enter")  # click 1
    expect(page).to_have_url(re.compile(r"/search/\?q=Khrapunov"))
    expect(page.locator("ol.results li").first).to_contain_text("Viktor Khrapunov")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_reader_reaches_the_kazakh_verdict_in_three_clicks(site, device, request):
    page = request.getfixturevalue(device)
    search_khrapunov(page, site)

    page.locator("ol.results").get_by_role(
        "link", name="Viktor Khrapunov", exact=True
    ).click()  # 2
    expect(page.get_by_role("heading", level=1)).to_have_text("Viktor Khrapunov")
    expect(page.locator("body")).to_contain_text("Father of Ilyas Khrapunov")

    proceedings(page).get_by_role("link", name=KAZAKH_CASE).click()  # click 3
    expect(page.get_by_role("heading", level=1)).to_have_text(KAZAKH_CASE)
    sanctions = page.locator("#sanction-1")
    expect(sanctions).to_contain_text("17 years, maximum security")
    expect(sanctions).to_contain_text("imposed in absentia — unenforced")
    expect(page.locator("#ruling-1")).to_contain_text("8 October 2018")
    expect(page.locator("#ruling-1 .sources a").first).to_have_attribute(
        "href", re.compile("^https://")
    )
    no_sideways_scrolling(page)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_reader_reaches_the_swiss_asylum_and_the_sdny_sanctions(site, device, request):
    page = request.getfixturevalue(device)
    search_khrapunov(page, site)
    page.locator("ol.results").get_by_role(
        "link", name="Viktor Khrapunov", exact=True
    ).click()

    proceedings(page).get_by_role(
        "link", name="Viktor and Leyla Khrapunov v. State Secretariat for Migration"
    ).click()
    expect(page.locator("ol.timeline")).to_contain_text("29 December 2020")
    expect(page.locator("ol.timeline")).to_contain_text("appeal allowed")
    expect(page.locator("ol.timeline .sources a").first).to_have_attribute(
        "href", re.compile("^https?://")
    )

    page.go_back()
    proceedings(page).get_by_role(
        "link", name=re.compile("^City of Almaty, Kazakhstan and BTA Bank")
    ).click()
    sanctions = page.locator("section[aria-labelledby=sanctions]")
    expect(sanctions).to_contain_text("Costs and fees award")
    expect(page.locator("ol.timeline")).to_contain_text("3 September 2020")
    expect(page.locator("#sources")).to_be_visible()
    expect(page.locator("ul.sources a").first).to_have_attribute(
        "href", re.compile("^https?://")
    )
    no_sideways_scrolling(page)


def test_a_party_link_leads_to_the_other_party(site, desktop):
    desktop.goto(site + "/cases/jsc-bta-bank-v-khrapunov-uksc/")
    desktop.get_by_role("link", name="Lord Sumption", exact=True).first.click()

    expect(desktop.get_by_role("heading", level=1)).to_have_text("Lord Sumption")
    expect(desktop.locator("ol.timeline")).to_contain_text(
        "JSC BTA Bank (Respondent) v Khrapunov"
    )


def test_pages_are_usable_by_keyboard_without_javascript(site, chromium):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    page.get_by_label(re.compile("Search a person")).fill("Храпунов")
    page.keyboard.press("Enter")
    expect(page.locator("ol.results li").first).to_contain_text("Viktor Khrapunov")
    context.close()


def proceedings(page):
    """The party page's list of proceedings (the picture above it links to the
    same cases)."""
    return page.locator("section[aria-labelledby=proceedings] ol.timeline")


def no_sideways_scrolling(page):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1


def test_a_dark_system_theme_gives_dark_pages(site, desktop):
    desktop.emulate_media(color_scheme="dark")
    desktop.goto(site + "/parties/viktor-khrapunov/")

    background = desktop.evaluate("getComputedStyle(document.body).backgroundColor")
    ink = desktop.evaluate("getComputedStyle(document.body).color")
    assert background == "rgb(20, 22, 25)"
    assert ink == "rgb(230, 230, 230)"


def test_a_printed_case_keeps_the_record_and_prints_source_addresses(site, desktop):
    desktop.goto(site + "/cases/kazakhstan-v-ilyas-khrapunov/")
    desktop.emulate_media(media="print")

    expect(desktop.locator("header.site")).to_be_hidden()
    expect(desktop.locator("footer.site")).to_be_hidden()
    expect(desktop.get_by_role("heading", level=1)).to_be_visible()
    source = desktop.locator('a[rel~="external"][href^="http"]').first
    after = source.evaluate("a => getComputedStyle(a, '::after').content")
    assert source.get_attribute("href") in after
