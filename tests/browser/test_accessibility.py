"""Every public page passes axe-core, on a desktop and on a phone, light and dark;
list tables keep their column names on a phone; the keyboard focus shows.

axe-core (bundled by axe-playwright-python, so nothing is fetched) finds what a
screen reader or a keyboard user would trip over: missing names, poor contrast,
broken landmarks. Only "serious" and "critical" findings fail a test; the
failure lists each rule, its impact and the elements it found, so the fix can
start from the message alone.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .test_reader import no_sideways_scrolling

KAZAKH_CASE = "/cases/kazakhstan-v-viktor-khrapunov-and-others/"
VIKTOR = "/parties/viktor-khrapunov/"

# Every kind of public page, with the status it should answer.
PAGES = {
    "home": ("/", 200),
    "cases": ("/cases/", 200),
    "case": (KAZAKH_CASE, 200),
    "parties": ("/parties/", 200),
    "party": (VIKTOR, 200),
    "party-appeal-chain": ("/parties/ilyas-khrapunov/", 200),
    "case-appeal-chain": ("/cases/jsc-bta-bank-v-khrapunov-court-of-appeal/", 200),
    "courts": ("/courts/", 200),
    "court": ("/courts/specialised-inter-district-criminal-court-of-almaty/", 200),
    "rulings": ("/rulings/", 200),
    "sanctions": ("/sanctions/", 200),
    "search": ("/search/?q=Khrapunov", 200),
    "search-form": ("/search/", 200),
    "search-nothing": ("/search/?q=Zzyxqvw", 200),
    "data": ("/data/", 200),
    "filter-error": ("/cases/?year=abc", 400),
    "not-found": ("/cases/no-such-case/", 404),
    "admin-login": ("/admin/login/", 200),
}
BLOCKING = {"serious", "critical"}


def blocking_violations(page):
    """axe-core's findings on the page that would stop someone using it."""
    results = Axe().run(page)
    return [v for v in results.response["violations"] if v["impact"] in BLOCKING]


def report(violations):
    """One line per rule (id, impact, what it wants), then the elements it found."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " >> ".join(str(part) for part in node["target"])
            lines.append(f"    {target}: {node['html'][:120]}")
    return "\n".join(lines)


def assert_accessible(page, url, status):
    response = page.goto(url)
    assert response.status == status, url
    violations = blocking_violations(page)
    assert not violations, f"{url}\n{report(violations)}"


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("name", PAGES)
def test_the_page_passes_axe(site, name, device, request):
    """On a phone the page also reflows to its width (WCAG 1.4.10), which axe
    does not check: nothing makes the reader scroll sideways."""
    page = request.getfixturevalue(device)
    path, status = PAGES[name]
    assert_accessible(page, site + path, status)
    if device == "phone":
        no_sideways_scrolling(page)


# The pages that between them show every kind of element the dark scheme
# colours (the others repeat them): a filter form and its error, tables, the
# badges and notes, search results, the downloads, the admin's own theme.
DARK_PAGES = [
    "home",
    "cases",
    "case",
    "party",
    "court",
    "search",
    "data",
    "filter-error",
    "admin-login",
]


@pytest.mark.parametrize("name", DARK_PAGES)
def test_the_page_passes_axe_in_the_dark_scheme(site, name, desktop):
    """The dark scheme has colours of its own, so its contrast is checked too."""
    desktop.emulate_media(color_scheme="dark")
    path, status = PAGES[name]
    assert_accessible(desktop, site + path, status)


# --- Tables on a phone ---------------------------------------------------------

# A list row's cell, by its column's name, and a value it shows there.
COLUMNS = {
    "cases": ("/cases/", "Status", "decided"),
    "rulings": ("/rulings/", "Court or authority", "Court"),
    "sanctions": ("/sanctions/", "Where it stands", "unenforced"),
    "courts": ("/courts/", "Country", "Kazakhstan"),
    "case": (KAZAKH_CASE, "Status", "unenforced"),
    "party": (VIKTOR, "Outcome", "convicted"),
    "data": ("/data/", "Size", "KB"),
}


def cell_layout(cell):
    """What the cell shows before its value, and where its value starts."""
    return cell.evaluate(
        """cell => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            const value = range.getClientRects()[0];
            const box = cell.getBoundingClientRect();
            return {
                label: getComputedStyle(cell, "::before").content,
                indent: value.left - box.left,
                drop: value.top - box.top,
            };
        }"""
    )


@pytest.mark.parametrize("name", COLUMNS)
def test_a_phone_shows_each_value_beside_its_column_name(site, name, phone):
    """On a phone the rows stack and the heading row is hidden, so each cell
    names its column itself, to the left of the value."""
    path, column, value = COLUMNS[name]
    phone.goto(site + path)
    cell = phone.locator(f'table.list [data-label="{column}"]', has_text=value).first
    expect(cell).to_be_visible()
    expect(phone.get_by_role("columnheader", name=column).first).to_be_hidden()

    layout = cell_layout(cell)
    assert layout["label"] == f'"{column}"'
    assert layout["indent"] > 50  # the name takes the left of the line
    assert layout["drop"] < 10  # and the value starts on that same line
    no_sideways_scrolling(phone)


def test_a_desktop_names_the_columns_once_in_the_heading_row(site, desktop):
    desktop.goto(site + "/cases/")
    expect(desktop.get_by_role("columnheader", name="Status")).to_be_visible()
    cell = desktop.locator('table.list td[data-label="Status"]').first
    assert cell_layout(cell)["label"] in ("none", "normal")


# --- Keyboard focus ------------------------------------------------------------


def tab_to(page, selector, presses=20):
    """Press Tab until the keyboard reaches the first element matching selector."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return page.locator(":focus")
    raise AssertionError(f"Tab never reached {selector}")


def luminance(rgb):
    """Relative luminance of a CSS rgb() colour, as WCAG defines it."""
    channels = [int(n) / 255 for n in re.findall(r"\d+", rgb)[:3]]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one, other):
    lighter, darker = sorted([luminance(one), luminance(other)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_keyboard_focus_is_plain_to_see(site, scheme, desktop):
    """A link, a field and a button each get a ring that stands out from the page
    (3:1, WCAG 1.4.11), in the light and the dark scheme."""
    desktop.emulate_media(color_scheme=scheme)
    desktop.goto(site + "/")
    paper = desktop.evaluate("getComputedStyle(document.body).backgroundColor")
    for selector in ("header.site nav a", "#site-search", ".site-search button"):
        focused = tab_to(desktop, selector)
        style, width, color = focused.evaluate(
            """element => {
                const style = getComputedStyle(element);
                return [style.outlineStyle, style.outlineWidth, style.outlineColor];
            }"""
        )
        assert style != "none", selector
        assert float(width.removesuffix("px")) >= 2, selector
        assert contrast(color, paper) >= 3, (selector, color, paper)
