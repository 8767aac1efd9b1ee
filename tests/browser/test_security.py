"""Everything works under the Content-Security-Policy: the public pages, the admin
(autocomplete, inlines, history) and the offline API docs, with no violation
reported by Chromium."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from ..accounts import PASSWORD, staff_user

# Every report Chromium makes: the DOM event and the console line (each
# violation gives both; either alone is a failure).
WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sample || ""}`
  );
});
"""


@pytest.fixture
def watched(desktop):
    console = []
    desktop.add_init_script(WATCH)
    desktop.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )

    def violations():
        return desktop.evaluate("window.__cspViolations || []") + console

    desktop.violations = violations
    return desktop


def visit(page, url):
    response = page.goto(url)
    assert response.headers["content-security-policy"].startswith("default-src")
    assert "camera=()" in response.headers["permissions-policy"]
    return response


PUBLIC = [
    "/",
    "/cases/",
    "/cases/?kind=criminal&country=KZ",
    "/cases/kazakhstan-v-viktor-khrapunov-leyla-khrapunova-aiyar-ilyasov-and-others/",
    "/parties/",
    "/parties/viktor-khrapunov/",
    "/courts/",
    "/rulings/",
    "/sanctions/?status=unenforced",
    "/search/?q=Khrapunov",
    "/data/",
    "/no-such-page/",
    "/search/?q=%00",
]


def test_the_public_pages_run_without_a_policy_violation(site, watched):
    for path in PUBLIC:
        visit(watched, site + path)
        expect(watched.locator("h1")).to_be_visible()

    assert watched.violations() == []


def test_the_api_docs_work_offline_under_the_policy(site, watched):
    visit(watched, site + "/api/docs/")

    expect(watched.locator(".opblock-summary-path").first).to_be_visible()
    watched.locator(".opblock-summary", has_text="/api/v1/cases/{slug}/").click()
    expect(watched.get_by_text("Try it out").first).to_be_visible()
    assert watched.violations() == [], watched.violations()


def test_the_admin_works_under_the_policy(site, watched):
    staff_user("publisher", "Publishers")
    device = TOTPDevice.objects.get(user__username="publisher")
    page = watched

    visit(page, site + "/admin/login/")
    page.locator("#id_username").fill("publisher")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_otp_token").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("heading", name="Proceedings and their sources")
    ).to_be_visible()

    visit(page, site + "/admin/proceedings/case/?q=Khrapunov")
    expect(page.locator("#result_list")).to_be_visible()
    page.locator("#result_list tbody a").first.click()
    expect(page.locator("#case_form")).to_be_visible()
    # autocomplete (select2) and a new inline row, both driven by the admin's JS
    page.locator("#id_court + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("Almaty")
    expect(page.locator(".select2-results__option").first).to_be_visible()
    page.keyboard.press("Escape")
    rows = page.locator("#participations-group tr.form-row:not(.empty-form)")
    before = rows.count()
    page.get_by_text("Add another Participation").click()
    expect(rows).to_have_count(before + 1)
    # the prepopulated slug of an add form
    visit(page, site + "/admin/proceedings/party/add/")
    page.locator("#id_name").press_sequentially("Asel Example")
    expect(page.locator("#id_slug")).to_have_value("asel-example")

    visit(page, site + "/admin/proceedings/case/1/history/")
    expect(page.locator("#change-history")).to_be_visible()

    assert page.violations() == [], page.violations()
