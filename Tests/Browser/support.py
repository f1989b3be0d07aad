"""What the browser tests share: the demo accounts, the main pages, and the steps a person takes.

Adding a page is one line in MAIN_PAGES (it is then visited by its role, screenshotted and
checked with axe-core); adding a flow is one test function built from sign_in, open_page, etc.
"""

from __future__ import annotations

import base64
import csv
import json
import os
import subprocess
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Fixtures" / "district"
# The browser tests live in the Fixtures' fall term, whatever the machine's date: the store's week
# is placed for it and the server runs as if today were TODAY (`peerplan serve --today`).
TERM = "term-fall-2026"
TODAY = "2026-09-09"
CONFIG = ROOT / "Config"
SCREENSHOTS = ROOT / ".build" / "screenshots"
# The window a laptop shows: screenshots are this wide and as tall as the page.
WINDOW = (1280, 900)


@dataclass(frozen=True)
class Account:
    email: str
    password: str
    home: str
    role_args: tuple[str, ...]


# The demo accounts of `make demo` (README.md, Web app): the same emails, passwords and homes.
ACCOUNTS: dict[str, Account] = {
    "district": Account("district.office@riverbend.k12.example", "district-demo-2026", "/district",
                        ("--role", "district")),
    "principal": Account("principal.cedar@riverbend.k12.example", "principal-demo-2026", "/schools/sch-mid",
                         ("--role", "principal", "--school", "sch-mid")),
    "teacher": Account("keisha.williams@riverbend.k12.example", "teacher-demo-2026", "/me",
                       ("--role", "teacher", "--teacher", "t-mid-02")),
}


@dataclass(frozen=True)
class Page:
    """One main page: who opens it (None: signed out), where, the screenshot's name, and the
    start of its heading when the test should check it."""
    role: str | None
    path: str
    name: str
    heading: str | None = None


# Every main page reachable today. The sign-in page and the not-found page are visited too.
MAIN_PAGES: list[Page] = [
    Page(None, "/login", "login", "Sign in to PeerPlan"),
    Page("principal", "/schools/sch-mid", "principal-school", "Cedar Middle"),
    Page("principal", "/schools/sch-mid/pairs", "principal-pairs"),
    Page("principal", "/schools/sch-mid/plcs", "principal-plcs"),
    Page("principal", "/schools/sch-mid/week", "principal-week"),
    Page("principal", "/schools/sch-mid/changes", "principal-changes"),
    Page("principal", "/schools/sch-mid/calendars", "principal-calendars"),
    Page("principal", "/schools/sch-elm", "not-found", "Page not found"),
    Page("teacher", "/me", "teacher-me", "My week"),
    Page("district", "/district", "district", "Schools"),
    Page("district", "/district/costs", "district-costs"),
    Page("district", "/district/import", "district-import"),
]

# What a page that went wrong is headed; a main page must be none of these (but "not-found").
ERROR_HEADINGS = ("Page not found", "Something went wrong", "This form has expired")

# Words that would tell a teacher about a rating (the same list as WebAppTests).
RATING_WORDS = ("score", "rating", "rubric", "weak", "strong", "target", "partner", "below expectations",
                "above expectations", "at expectations", "unsatisfactory", "proficient", "distinguished")


# MARK: The Fixtures district

def _rows(name: str) -> list[dict[str, str]]:
    with open(FIXTURES / name, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def schools() -> dict[str, str]:
    """id → name of every school in the Fixtures district."""
    return {r["sourcedId"]: r["name"] for r in _rows("orgs.csv") if r["type"].lower() == "school"}


def teacher_names() -> list[str]:
    """"Given Family" of every teacher in the Fixtures district."""
    return [f'{r["givenName"]} {r["familyName"]}' for r in _rows("users.csv") if r["role"].lower() == "teacher"]


def build_demo_store(peerplan: Path, db: Path, log) -> None:
    """The store `make demo` builds: the Fixtures imported, every school's pairs proposed and
    accepted, its PLC teams and its week placed, and the three demo accounts."""
    def run(*args: str, stdin: str | None = None) -> None:
        command = [str(peerplan), *args, "--db", str(db), "--config", str(CONFIG)]
        done = subprocess.run(command, cwd=ROOT, input=stdin, capture_output=True, text=True)
        log.write(f"$ {' '.join(command)}\n{done.stdout}{done.stderr}\n")
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} exited {done.returncode}:\n{done.stdout}{done.stderr}")

    run("import", str(FIXTURES))
    for school in schools():
        run("pairs", "propose", "--school", school)
        run("pairs", "accept", "--school", school)
        run("plcs", "propose", "--school", school)
        run("schedule", "--school", school, "--term", TERM)
    for account in ACCOUNTS.values():
        run("users", "add", "--email", account.email, *account.role_args, "--password-stdin", stdin=account.password)


# MARK: What a person does

def _is_gone(element) -> bool:
    """True once the page the element was on has been replaced. While Chromium swaps documents,
    asking about the old node can fail with "does not belong to the document" instead of a stale
    reference: both mean the old page is gone."""
    try:
        element.is_enabled()
        return False
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error) or "No node with given id" in str(error):
            return True
        raise


class Site:
    """The running app and the one browser the tests drive."""

    def __init__(self, base: str, driver: WebDriver):
        self.base = base
        self.driver = driver

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def path(self) -> str:
        """The path (and query) the browser shows now."""
        parts = urlsplit(self.driver.current_url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def open(self, path: str) -> None:
        self.driver.get(self.url(path))
        self.wait_for_page()

    def wait_for_page(self) -> None:
        WebDriverWait(self.driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")

    def heading(self) -> str:
        return self.driver.find_element(By.TAG_NAME, "h1").text.strip()

    def text(self) -> str:
        """What a reader sees on the page."""
        return self.driver.find_element(By.TAG_NAME, "body").text

    def forget_session(self) -> None:
        """Forget any session (as a fresh browser would)."""
        self.driver.delete_all_cookies()

    def sign_in(self, role: str) -> str:
        """Signs in on /login as the role's demo account, as a person types it; returns the path
        the browser lands on."""
        account = ACCOUNTS[role]
        self.forget_session()
        self.open("/login")
        self.driver.find_element(By.NAME, "email").send_keys(account.email)
        self.driver.find_element(By.NAME, "password").send_keys(account.password)
        self.click_button("Sign in")
        if urlsplit(self.driver.current_url).path == "/login":
            raise AssertionError(f"{account.email} could not sign in: {self.text()}")
        return self.path

    def sign_out(self) -> str:
        self.click_button("Sign out")
        WebDriverWait(self.driver, 10).until(lambda d: urlsplit(d.current_url).path == "/login")
        return self.path

    def visit_as(self, page: Page) -> None:
        """Opens the page as its role would (signed out for None)."""
        if page.role is None:
            self.forget_session()
        else:
            self.sign_in(page.role)
        self.open(page.path)

    def click_button(self, label: str) -> None:
        """Clicks the <button> whose text is label, and waits for the next page."""
        button = self.driver.find_element(By.XPATH, f'//button[normalize-space(.)="{label}"]')
        WebDriverWait(self.driver, 10).until(expected_conditions.element_to_be_clickable(button))
        button.click()
        WebDriverWait(self.driver, 10).until(lambda _: _is_gone(button))
        self.wait_for_page()

    def screenshot(self, name: str) -> Path:
        """A full-page PNG under .build/screenshots/, WINDOW[0] wide and as tall as the page."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        metrics = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        height = max(WINDOW[1], int(metrics["cssContentSize"]["height"]))
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": WINDOW[0], "height": height, "scale": 1},
        })
        target = SCREENSHOTS / f"{name}.png"
        target.write_bytes(base64.b64decode(shot["data"]))
        return target


def fetch(url: str) -> tuple[int, str, str]:
    """GET outside the browser (as a calendar app would): status, Content-Type, body."""
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.status, answer.headers.get("Content-Type", ""), answer.read().decode("utf-8")


# MARK: Accessibility

BLOCKING_IMPACTS = ("serious", "critical")


def axe_report(violations: list[dict]) -> str:
    """Each violation: id, impact, help, and every offending node (selector, HTML, what to fix)."""
    lines = []
    for v in violations:
        lines.append(f'{v["id"]} ({v["impact"]}): {v["help"]} — {v["helpUrl"]}')
        for node in v["nodes"]:
            lines.append(f'    {" ".join(map(str, node["target"]))}: {node["html"]}')
            for summary in node.get("failureSummary", "").splitlines():
                lines.append(f"        {summary}")
    return "\n".join(lines)


def blocking(results: dict) -> list[dict]:
    return [v for v in results["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def dump(results: dict, name: str) -> None:
    """Every axe result of a page (all impacts), next to its screenshot, for whoever wants more."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"{name}.axe.json").write_text(json.dumps(results["violations"], indent=2))


def environment_without(*names: str) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in names}
