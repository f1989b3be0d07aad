"""What each role does in a real browser, as a person would: sign in, look, click."""

from __future__ import annotations

import re

from selenium.webdriver.common.by import By

from support import ACCOUNTS, MAIN_PAGES, RATING_WORDS, fetch, schools, teacher_names


def test_principal_signs_in_and_sees_the_school_at_a_glance(site):
    assert site.sign_in("principal") == "/schools/sch-mid"
    assert site.heading() == schools()["sch-mid"]
    facts = {dt.text: dd.text for dt, dd in zip(site.driver.find_elements(By.CSS_SELECTOR, ".facts dt"),
                                                site.driver.find_elements(By.CSS_SELECTOR, ".facts dd"))}
    assert int(facts["Teachers"]) > 0
    assert re.fullmatch(r"\d+ of \d+", facts["Taking part in peer collaboration"])
    assert int(facts["Accepted pairs"]) > 0
    assert int(facts["Sessions placed in the week"]) > 0
    steps = {a.text: a.get_attribute("href") for a in site.driver.find_elements(By.CSS_SELECTOR, ".steps a")}
    for section in ("pairs", "plcs", "week", "changes", "calendars"):
        assert site.url(f"/schools/sch-mid/{section}") in steps.values()


def test_teacher_sees_her_week_without_a_rating_and_subscribes(site):
    assert site.sign_in("teacher") == "/me"
    assert site.heading() == "My week"
    assert "Keisha Williams" in site.text()
    rows = site.driver.find_elements(By.CSS_SELECTOR, "table.week-list tbody tr")
    assert rows, "her week has no session"
    lower = site.text().lower()
    for word in RATING_WORDS:
        assert word not in lower, f'/me shows "{word}"'
    # Her own pair's focus skills, and never another Cedar Middle pair's (Fixtures/README.md).
    assert "Grouping Students" in site.text()
    for skill in ("Lesson Structure and Pacing", "Academic Feedback", "Questioning"):
        assert skill not in site.text(), f"/me shows another pair's {skill}"

    site.click_button("Create my calendar link")
    assert site.path.startswith("/me?link=new")
    assert "Your calendar link is ready." in site.text()
    https = site.driver.find_element(By.ID, "feed-https").get_attribute("value")
    assert https.startswith(site.url("/feeds/")) and https.endswith(".ics")
    webcal = site.driver.find_element(By.PARTIAL_LINK_TEXT, "Subscribe").get_attribute("href")
    assert webcal == "webcal" + https[len("http"):]
    status, content_type, body = fetch(https)
    assert status == 200
    assert content_type.startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR")
    assert "BEGIN:VEVENT" in body


def test_district_sees_every_schools_numbers_and_no_teacher(site):
    assert site.sign_in("district") == "/district"
    rows = site.driver.find_elements(By.CSS_SELECTOR, "table.numbers tbody tr")
    names = [row.find_element(By.CSS_SELECTOR, "th").text for row in rows]
    assert sorted(names) == sorted(schools().values())
    for row in rows:
        # Teachers, taking part, pairs, unpaired, placed, not placed: every step ran, so all numbers.
        cells = [td.text for td in row.find_elements(By.CSS_SELECTOR, "td")]
        assert all(c.isdigit() for c in cells[:6]), f"{row.text}: {cells}"
        assert int(cells[0]) > 0
    text = site.text()
    for name in teacher_names():
        assert name not in text, f"/district names {name}"


def test_signed_out_visits_go_to_the_sign_in_page(site):
    for path in ["/"] + [page.path for page in MAIN_PAGES if page.role is not None]:
        site.open(path)
        assert site.path == "/login", f"{path} signed out went to {site.path}"
        assert site.heading() == "Sign in to PeerPlan"


def test_a_principal_opening_another_school_gets_the_not_found_page(site):
    site.sign_in("principal")
    for path in ("/schools/sch-elm", "/schools/sch-elm/week", "/schools/sch-high", "/district", "/me"):
        site.open(path)
        assert site.path == path
        assert site.heading() == "Page not found", f"{path} shows {site.heading()}"
        assert "Maple Elementary" not in site.text() and "Oak Ridge High" not in site.text()


def test_signing_out_ends_the_session(site):
    for role in ACCOUNTS:
        home = site.sign_in(role)
        assert site.sign_out() == "/login"
        site.open(home)
        assert site.path == "/login", f"{role}'s {home} still opens after signing out"
