"""An editor enters a case in the admin; a publisher publishes it; readers see it
only then."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from ..accounts import PASSWORD, staff_user


@pytest.fixture
def accounts(transactional_db):
    staff_user("editor", "Editors")
    staff_user("publisher", "Publishers")  # with an authenticator app


def log_in(page, server, username):
    page.goto(server + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    device = TOTPDevice.objects.filter(user__username=username).first()
    if device is not None:  # the code the publisher's app shows now
        page.locator("#id_otp_token").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role(
            "heading",
            name=re.compile("Proceedings and their sources|Site administration"),
        )
    ).to_be_visible()


def save(page):
    page.locator("input[name=_save]").first.click()
    expect(page.locator("ul.messagelist li.success")).to_be_visible()


def autocomplete(page, select_id, text):
    """Pick `text` in a select2 autocomplete box (the admin's)."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_editor_enters_a_case_and_readers_see_it_once_published(
    live_server, accounts, desktop
):
    page, server = desktop, live_server.url
    log_in(page, server, "editor")

    page.goto(server + "/admin/proceedings/source/add/")
    page.locator("#id_title").fill("Judgment text")
    page.locator("#id_publisher").fill("The Supreme Court")
    page.locator("#id_url").fill("https://example.org/uksc-2018-19")
    save(page)

    page.goto(server + "/admin/proceedings/court/add/")
    page.locator("#id_name_en").fill("Supreme Court of Testland")
    page.locator("#id_country").select_option("GB")
    save(page)

    for name in ["Ilyas Testov", "Test Bank JSC"]:
        page.goto(server + "/admin/proceedings/party/add/")
        page.locator("#id_name").fill(name)
        autocomplete(page, "id_sources", "Judgment text")
        save(page)

    page.goto(server + "/admin/proceedings/case/add/")
    page.locator("#id_title_en").fill("Test Bank JSC v Testov")
    page.locator("#id_title_ru").fill("АО «Тест Банк» против Тестова")
    autocomplete(page, "id_court", "Supreme Court of Testland")
    page.locator("#id_kind").select_option("civil")
    page.locator("#id_status").select_option("decided")
    page.locator("#id_opened").fill("2017")
    autocomplete(page, "id_sources", "Judgment text")
    autocomplete(page, "id_participations-0-party", "Ilyas Testov")
    page.locator("#id_participations-0-role").select_option("appellant")
    page.get_by_text("Add another Participation").click()
    autocomplete(page, "id_participations-1-party", "Test Bank JSC")
    page.locator("#id_participations-1-role").select_option("respondent")
    page.get_by_text("Add another Ruling").click()
    page.locator("#id_rulings-0-date").fill("21 March 2018")
    page.locator("#id_rulings-0-kind").select_option("judgment")
    page.locator("#id_rulings-0-outcome").select_option("appeal_dismissed")
    page.locator("#id_rulings-0-title_en").fill("Judgment")
    page.locator("#id_rulings-0-citation").fill("[2018] UKSC 99")
    save(page)

    page.goto(server + "/admin/proceedings/ruling/")
    page.get_by_role("link", name="[2018] UKSC 99").click()
    autocomplete(page, "id_sources", "Judgment text")
    page.get_by_text("Add another Sanction").click()
    autocomplete(page, "id_sanctions-0-party", "Ilyas Testov")
    page.locator("#id_sanctions-0-kind").select_option("costs_and_fees")
    page.locator("#id_sanctions-0-status").select_option("imposed")
    save(page)

    # the amount goes on the sanction's own page, one row per currency
    page.goto(server + "/admin/proceedings/sanction/")
    page.locator("#result_list").get_by_role(
        "link", name="costs and fees award"
    ).click()
    page.locator("#id_amounts-0-qualifier").select_option("about")
    page.locator("#id_amounts-0-amount").fill("1,500,000")
    page.locator("#id_amounts-0-currency").fill("gbp")
    save(page)

    assert page.request.get(server + "/cases/test-bank-jsc-v-testov/").status == 404

    page.context.clear_cookies()
    log_in(page, server, "publisher")
    for model, names in [
        ("party", ["Ilyas Testov", "Test Bank JSC"]),
        ("case", ["Test Bank JSC v Testov"]),
        ("ruling", ["[2018] UKSC 99"]),
    ]:
        page.goto(server + f"/admin/proceedings/{model}/")
        for name in names:
            page.get_by_role("row", name=re.compile(re.escape(name))).get_by_role(
                "checkbox"
            ).check()
        page.locator("select[name=action]").select_option("publish_selected")
        page.locator("div.actions button[type=submit]").first.click()
        expect(page.locator("ul.messagelist li").first).to_contain_text("Published")

    page.goto(server + "/cases/test-bank-jsc-v-testov/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Test Bank JSC v Testov")
    expect(page.locator("body")).to_contain_text("Ilyas Testov")
    expect(page.locator("#sanctions")).to_be_visible()
    expect(page.locator("section[aria-labelledby=sanctions]")).to_contain_text(
        "about GBP 1.5 million"
    )
    expect(page.locator("ol.timeline")).to_contain_text("21 March 2018")
    expect(page.locator("ol.timeline")).to_contain_text("[2018] UKSC 99")
    # in Russian: the editor's translation of the title; the ruling's English
    # title, untranslated, marked so
    page.goto(server + "/ru/cases/test-bank-jsc-v-testov/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "АО «Тест Банк» против Тестова"
    )
    expect(page.locator("ol.timeline h3")).to_contain_text("Judgment (на английском)")
