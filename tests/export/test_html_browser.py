"""The HTML report in a real headless browser (Debian's chromium driven by Playwright): the hostile document's
payloads stay text, the CSP lets the page's own script and style run, and the flag filters work."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from xref.export.html import render_html

from .test_html import (
    HEDGING_FLAG,
    HEDGING_REASON,
    HOSTILE_LABEL,
    HOSTILE_REASON,
    NUMBER_FLAG,
    OMISSION_FLAG,
    VERDICTS,
    hostile_document,
)

CHROMIUM = Path("/usr/bin/chromium")


def _unavailable(reason: str) -> None:
    # CI installs chromium and playwright, so there a missing browser is a broken setup, not a reason to skip.
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install playwright)")
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True)
        yield browser
        browser.close()


@pytest.fixture
def report(browser, tmp_path):
    """The hostile document's page opened from a file, with every dialog, console message and error recorded."""
    path = tmp_path / "report.html"
    path.write_text(render_html(hostile_document(), VERDICTS), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    seen: dict[str, list[str]] = {"dialogs": [], "console": [], "errors": []}

    def on_dialog(dialog):
        seen["dialogs"].append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda message: seen["console"].append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    yield page, seen
    page.close()


def _visible_flags(page) -> set[str]:
    return set(page.eval_on_selector_all("[data-flag]:not([hidden])", "nodes => nodes.map(n => n.dataset.flag)"))


def test_content_shows_and_no_source_script_runs(report):
    page, seen = report
    assert page.title() == "xref report: 3 sources compared"
    sources = page.locator("#sources tbody th").all_inner_texts()
    assert sources[:3] == [HOSTILE_LABEL, "Wire", "Gazette"]
    row = page.locator("#claim-1 tr").first
    assert row.is_visible()
    assert "The mayor said 120 people attended <img src=x" in row.inner_text()
    assert page.locator("#claim-1 mark").all_inner_texts() == ["120", "about", "300"]
    reason = page.locator(f'li[data-flag="{NUMBER_FLAG}"] .reason')
    assert reason.is_visible()
    assert reason.inner_text() == HOSTILE_REASON
    assert page.locator(f'li[data-flag="{HEDGING_FLAG}"] .reason').inner_text() == HEDGING_REASON
    # The payloads stayed text: no element they describe exists, nothing they would run ran.
    assert page.locator("img, svg, iframe, textarea").count() == 0
    assert page.locator("script").count() == 1
    assert page.evaluate("window.__pwned") is None
    assert seen["dialogs"] == []
    assert seen["errors"] == []


def test_filters_hide_flags_by_type_and_severity(report):
    page, _seen = report
    everything = {NUMBER_FLAG, HEDGING_FLAG, OMISSION_FLAG}
    assert _visible_flags(page) == everything
    assert page.locator("#flags-shown").inner_text() == "3 of 3 flags shown"

    page.locator('input[data-filter-type][value="number"]').uncheck()
    assert _visible_flags(page) == {HEDGING_FLAG, OMISSION_FLAG}
    assert not page.locator(f'li[data-flag="{NUMBER_FLAG}"]').is_visible()
    # The hidden flag's highlights fade; the other flag's stay.
    assert page.locator('mark[data-flags="f000000000001"].muted').count() == 2
    assert page.locator('mark[data-flags="f000000000002"].muted').count() == 0
    page.locator('input[data-filter-type][value="number"]').check()
    assert _visible_flags(page) == everything

    page.locator("#min-severity").select_option("high")
    assert _visible_flags(page) == {NUMBER_FLAG}
    assert not page.locator(f'li[data-flag="{HEDGING_FLAG}"]').is_visible()
    assert not page.locator(f'tr[data-flag="{OMISSION_FLAG}"]').is_visible()
    page.locator("#min-severity").select_option("medium")
    assert _visible_flags(page) == {NUMBER_FLAG, HEDGING_FLAG}

    page.locator('input[data-filter-type][value="number"]').uncheck()
    page.locator('input[data-filter-type][value="hedging"]').uncheck()
    assert _visible_flags(page) == set()
    assert not page.locator("#claim-1 tr.flags-row").is_visible()
    assert page.locator("#flags-shown").inner_text() == "0 of 3 flags shown"


def test_no_csp_violation_from_the_page_and_a_screenshot(report, tmp_path):
    page, seen = report
    refused = [m for m in seen["console"] if "Refused to" in m or "Content Security Policy" in m]
    assert refused == []
    assert seen["errors"] == []
    # Proof that the hashed blocks were applied, not merely unreported: the script wrote the counter and the
    # stylesheet's severity colours are in effect.
    assert page.locator("#flags-shown").inner_text() == "3 of 3 flags shown"
    border = page.eval_on_selector(f'li[data-flag="{NUMBER_FLAG}"]', "n => getComputedStyle(n).borderLeftColor")
    assert border == "rgb(180, 35, 24)"
    screenshot = tmp_path / "report.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 0
    artefacts = os.environ.get("XREF_TEST_ARTEFACTS")
    if artefacts:
        Path(artefacts).mkdir(parents=True, exist_ok=True)
        shutil.copy(screenshot, Path(artefacts) / "report.png")
