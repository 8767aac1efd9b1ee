"""The pictures in a browser: drawn on the party pages at desktop and phone
width (each run leaves a full-page screenshot of Viktor and Ilyas Khrapunov's
pages in test-artifacts/), scrolling inside their frame on a phone, fitting the
page in print, linking from their marks, and opening on their own without a
Content Security Policy complaint."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .test_reader import no_sideways_scrolling

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PARTIES = {
    "viktor": "/parties/viktor-khrapunov/",
    "ilyas": "/parties/ilyas-khrapunov/",
}


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("party", PARTIES)
def test_party_page_draws_its_timeline_and_map(site, party, device, request):
    page = request.getfixturevalue(device)
    page.goto(site + PARTIES[party])

    timeline = page.locator("#timeline svg")
    network = page.locator("#network svg")
    expect(timeline).to_be_visible()
    expect(network).to_be_visible()
    assert timeline.bounding_box()["height"] > 300
    lanes = page.locator("#timeline g.lane").evaluate_all(
        "lanes => lanes.map(l => l.dataset.country)"
    )
    assert {"CH", "US", "KZ"} <= set(lanes) if party == "viktor" else "GB" in lanes
    if device == "phone":
        # the picture scrolls in its frame; the page itself does not
        frame = page.locator("#timeline .picture-scroll")
        assert frame.evaluate("f => f.scrollWidth > f.clientWidth")
        no_sideways_scrolling(page)


def test_a_mark_in_the_timeline_opens_its_ruling(site, desktop):
    desktop.goto(site + PARTIES["viktor"])
    verdict = desktop.locator('#timeline a.ruling[data-date="2018-10-08"]')

    verdict.click()

    expect(desktop).to_have_url(
        re.compile(r"/cases/kazakhstan-v-viktor-khrapunov-and-others/#ruling-\d+$")
    )


def test_a_box_in_the_map_opens_its_party(site, desktop):
    desktop.goto(site + PARTIES["viktor"])

    desktop.locator('#network a[data-party="ilyas-khrapunov"]').click()

    expect(desktop).to_have_url(site + "/parties/ilyas-khrapunov/")
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Ilyas Khrapunov")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_keyboard_reaches_the_pictures_and_shows_where_it_is(site, desktop, scheme):
    desktop.emulate_media(color_scheme=scheme)
    desktop.goto(site + PARTIES["viktor"])
    box = desktop.locator('#network a[data-party="ilyas-khrapunov"]')
    box.focus()
    desktop.keyboard.press("Shift+Tab")
    desktop.keyboard.press("Tab")  # focused by the keyboard: :focus-visible

    assert box.evaluate("a => a === document.activeElement")
    ring = desktop.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--focus')"
    )
    stroke = box.locator("rect").evaluate("r => getComputedStyle(r).stroke")
    assert stroke == desktop.evaluate(
        """colour => { const probe = document.createElement('i');
        probe.style.color = colour; document.body.append(probe);
        const value = getComputedStyle(probe).color; probe.remove(); return value; }""",
        ring.strip(),
    )


def test_printed_the_pictures_fit_the_page(site, desktop):
    desktop.goto(site + PARTIES["viktor"])
    desktop.emulate_media(media="print")

    figure = desktop.locator("#timeline")
    svg = desktop.locator("#timeline svg")
    assert svg.bounding_box()["width"] <= figure.bounding_box()["width"] + 1
    expect(desktop.locator("#timeline details.embed")).to_be_hidden()


@pytest.mark.parametrize("name", ["timeline", "network"])
def test_the_picture_alone_opens_with_nothing_blocked(site, chromium, name):
    # its own context: a full-page screenshot of an SVG document (what the page
    # fixtures take at the end) never finishes in Chromium
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    complaints = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and complaints.append(message.text)
        ),
    )
    try:
        response = page.goto(f"{site}/parties/viktor-khrapunov/{name}.svg")

        assert response.headers["content-type"].startswith("image/svg+xml")
        assert page.evaluate("document.documentElement.localName") == "svg"
        assert "Viktor Khrapunov" in page.evaluate(
            "document.querySelector('title').textContent"
        )
        assert complaints == []
    finally:
        context.close()


def test_the_readme_shows_the_timeline(site, desktop):
    desktop.emulate_media(color_scheme="light")
    desktop.goto(site + PARTIES["viktor"])

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / "timeline.png"
    desktop.locator("#timeline svg").screenshot(path=str(path), animations="disabled")
    assert path.stat().st_size < 400_000
