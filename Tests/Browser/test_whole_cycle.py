"""The whole weekly cycle in a real browser, as issue 11 describes it: the principal proposes and
accepts pairs, places the week, marks a teacher absent and confirms, and publishes; the teacher
then sees the moved session on /me and in her calendar feed (as an override); district staff
see the school's numbers. It changes the demo store, so it runs after the read-only tests."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from support import fetch, schools

ABSENT_ON = "2026-09-14"  # a Monday of the fall term, in the week after the server's TODAY


def test_a_principal_runs_the_week_and_the_teacher_sees_the_change(site):
    assert site.sign_in("principal") == "/schools/sch-mid"

    site.open("/schools/sch-mid/pairs")
    site.click_button("Propose pairs")
    assert "Keisha Williams" in site.text()
    site.click_button("Accept this proposal")
    assert "This proposal is accepted" in site.text()

    site.open("/schools/sch-mid/week")
    site.click_button("Place the week")
    assert "The week was placed" in site.text()
    assert "Pair meeting" in site.text()
    site.screenshot("principal-week-placed")

    site.open("/schools/sch-mid/changes")
    week = site.driver.find_element(By.ID, "week")
    week.clear()
    week.send_keys(ABSENT_ON)
    Select(site.driver.find_element(By.ID, "teacher-1")).select_by_value("t-mid-02")
    site.driver.find_element(By.ID, "on-1").send_keys(ABSENT_ON)
    site.click_button("See what changes")
    assert "Nothing has changed yet" in site.text()
    site.screenshot("principal-changes-preview")
    site.click_button("Confirm these changes")
    assert "Nothing has changed yet" not in site.text()

    site.open("/schools/sch-mid/calendars")
    site.click_button("Publish the calendars")
    assert "Nothing changed since the last publication" in site.text() or "published" in site.text().lower()

    # Keisha Williams sees the moved session among her coming dates, and in her calendar feed.
    assert site.sign_in("teacher") == "/me"
    assert "Moved from" in site.text(), site.text()
    if not site.driver.find_elements(By.ID, "feed-https"):
        site.click_button("Create my calendar link")
    https = site.driver.find_element(By.ID, "feed-https").get_attribute("value")
    status, content_type, body = fetch(https)
    assert status == 200 and content_type.startswith("text/calendar")
    assert "RECURRENCE-ID;TZID=America/Chicago:20260914" in body, "the moved session is not an override in her feed"

    # District staff see the school's numbers (counts only).
    assert site.sign_in("district") == "/district"
    row = next(r for r in site.driver.find_elements(By.CSS_SELECTOR, "table.numbers tbody tr")
               if r.find_element(By.CSS_SELECTOR, "th").text == schools()["sch-mid"])
    cells = [td.text for td in row.find_elements(By.CSS_SELECTOR, "td")]
    assert int(cells[0]) > 0 and int(cells[2]) > 0, cells
