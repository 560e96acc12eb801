"""The seed's review page in a real browser: Debian's chromium, driven by Selenium through chromedriver.

Both come from apt (`.ci/run` installs them when missing); nothing downloads a browser or a driver:
the paths are given, and Selenium Manager (which would fetch them) is made to fail if it is asked.
Without chromium or chromedriver these tests skip.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_ee76471017dac53f.txt"

pytestmark = pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                                reason="needs Debian's chromium and chromium-driver (apt-get install chromium "
                                       "chromium-driver; .ci/run installs them)")


def _extract(args: list[str]) -> str:
    """What `extract ARGS` prints, run in-process."""
    import contextlib
    import io

    from extractor.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            main(args)
        except SystemExit as exc:
            assert not exc.code, args
    return out.getvalue()


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    """(file URL of the seed's review page, its contract JSON), both through the real command."""
    page = tmp_path_factory.mktemp("review-browser") / "seed.html"
    _extract(["review", str(SEED), "-o", str(page)])
    return page.as_uri(), json.loads(_extract([str(SEED), "--format", "jsonl"]))


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.selenium_manager import SeleniumManager

    def refuse(*args, **kwargs):
        raise AssertionError("Selenium Manager was asked for a browser or driver: nothing may be downloaded")

    saved, SeleniumManager.binary_paths = SeleniumManager.binary_paths, refuse
    os.environ.setdefault("SE_OFFLINE", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--disable-gpu", "--no-first-run", "--disable-background-networking"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        SeleniumManager.binary_paths = saved


def spans(contract: dict) -> dict[str, tuple[str, str]]:
    """{page span id: (owner, evidence text)}, as the page names them."""
    out = {}
    for f in contract["facts"]:
        out |= {f"{f['id']}-e{i}": (f["id"], s["text"]) for i, s in enumerate(f["evidence"], 1)}
    for n, p in enumerate(contract["partners"], 1):
        out |= {f"p{n}-e{i}": (f"p{n}", s["text"]) for i, s in enumerate(p["evidence"], 1)}
    for n, c in enumerate(contract["causes"], 1):
        out |= {f"c{n}-e{i}": (f"c{n}", s["text"]) for i, s in enumerate(c["evidence"], 1)}
    return out


def hover(driver, element) -> None:
    from selenium.webdriver import ActionChains

    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    ActionChains(driver).move_to_element(element).perform()


def card(driver):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, "card")


def test_each_mark_reads_its_evidence_text(browser, seed):
    url, contract = seed
    browser.get(url)
    shown = browser.execute_script("""
        const out = {};
        document.querySelectorAll('#article mark[data-span]').forEach(m => {
            out[m.dataset.span] = (out[m.dataset.span] || '') + m.textContent;
        });
        return [out, document.getElementById('article').textContent];""")
    assert shown[0] == {key: text for key, (_, text) in spans(contract).items()}
    assert shown[1] == SEED.read_text(encoding="utf-8")


def test_hovering_a_mark_shows_its_fact(browser, seed):
    from selenium.webdriver.common.by import By

    url, contract = seed
    browser.get(url)
    assert not card(browser).is_displayed()
    for fact in contract["facts"]:
        for i, evidence in enumerate(fact["evidence"], 1):
            mark = browser.find_element(By.ID, f"m-{fact['id']}-e{i}")
            hover(browser, mark)
            shown = card(browser)
            assert shown.is_displayed() and shown.get_attribute("data-owner") == fact["id"]
            assert shown.get_attribute("data-span") == f"{fact['id']}-e{i}"
            text = shown.text
            assert text.startswith(fact["id"]) and f"{fact['metric']}" in text
            row = browser.find_element(By.ID, f"row-{fact['id']}")
            value = row.find_element(By.CLASS_NAME, "col-growth").text.split("\n")[0]
            assert value and value in text  # the card says what the table says
            assert "active" in mark.get_attribute("class") and "active" in row.get_attribute("class")


def test_clicking_a_partner_pins_its_card_and_links_to_its_row(browser, seed):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    url, contract = seed
    browser.get(url)
    name = contract["partners"][0]["name"]
    mark = browser.find_element(By.ID, "m-p1-e1")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
    mark.click()
    assert card(browser).is_displayed() and name in card(browser).text
    hover(browser, browser.find_element(By.ID, "m-f1-e1"))  # a pinned card stays
    assert card(browser).get_attribute("data-owner") == "p1"
    card(browser).find_element(By.TAG_NAME, "a").click()
    assert browser.execute_script("return location.hash") == "#row-p1"
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    assert not card(browser).is_displayed()


def test_a_fact_row_links_to_its_mark(browser, seed):
    from selenium.webdriver.common.by import By

    url, contract = seed
    browser.get(url)
    link = browser.find_element(By.ID, "row-f2").find_element(By.TAG_NAME, "a")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    assert browser.execute_script("return location.hash") == "#m-f2-e1"
    target = browser.find_element(By.CSS_SELECTOR, ":target")
    assert target.text == contract["facts"][1]["evidence"][0]["text"]


def test_the_page_runs_its_script_and_nothing_else(browser, seed, tmp_path):
    url, _ = seed
    browser.get(url)
    hover(browser, browser.find_element("id", "m-f1-e2"))
    # a script the Content-Security-Policy refused, or a fetch it blocked, logs a SEVERE entry
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    resources = browser.execute_script("return performance.getEntriesByType('resource').map(r => r.name)")
    assert resources == []
    shot = tmp_path / "seed-review.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000


def test_without_javascript_the_page_still_reads(browser, seed):
    """Page scripts off: the text and tables show, and each mark's tooltip (its title) names its fact."""
    from selenium.webdriver.common.by import By

    url, contract = seed
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.get(url)
        hover(browser, browser.find_element(By.ID, "m-f2-e1"))
        assert not card(browser).is_displayed()  # no script showed it
        assert browser.find_element(By.ID, "article").is_displayed()
        assert browser.find_element(By.ID, "facts-table").is_displayed()
        for fact in contract["facts"]:
            for i, evidence in enumerate(fact["evidence"], 1):
                title = browser.find_element(By.ID, f"m-{fact['id']}-e{i}").get_dom_attribute("title")
                assert title.startswith(f"{fact['id']}: {fact['metric']}") and title.endswith(f"[{evidence['rule']}]")
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
