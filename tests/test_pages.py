"""Every rendered page, opened in headless Chromium as a reader would see it.

Checks: no visible code, no Python warning or traceback, only inline images, and
no request to any other host.  A full-page screenshot of each page is kept beside
it (``<page>.png``).  Without Chromium the checks skip and say why, except in CI
(``CI=true``), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ALARMING_TEXT = (
    "Traceback",
    "Warning:",
    "DeprecationWarning",
    "FutureWarning",
    "UserWarning",
    "RuntimeWarning",
    "SettingWithCopy",
    "<Axes",
    "<Figure",
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        message = "Chromium is not installed (Debian: apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must install it")
        pytest.skip(message)
    playwright_api = pytest.importorskip("playwright.sync_api")

    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


def _rendered_pages(runs) -> list[Path]:
    pages = []
    for run in runs:
        pages += sorted(run.output_dir.glob("*.html"))
    pages.append(runs[0].output_dir.parent.parent / "index.html")
    return pages


def _inspect(browser, page_path: Path) -> dict:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    foreign = []
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url)
            if not request.url.startswith(("file:", "data:", "about:"))
            else None
        ),
    )
    page.goto(page_path.as_uri(), wait_until="load")

    # Markdown cells live in input areas too; code is an editor or a highlight.
    visible_code = page.locator(
        ".jp-CodeCell .jp-InputArea:visible, .jp-InputArea-editor:visible, "
        ".highlight pre:visible"
    ).count()
    stderr_outputs = page.locator(
        '[data-mime-type="application/vnd.jupyter.stderr"]:visible'
    ).count()
    images = page.eval_on_selector_all("img", "els => els.map(e => e.src)")
    text = page.inner_text("body")
    page.screenshot(path=str(page_path.with_suffix(".png")), full_page=True)
    page.close()
    return {
        "foreign": foreign,
        "visible_code": visible_code,
        "stderr": stderr_outputs,
        "images": images,
        "text": text,
    }


def _check_page(browser, page_path: Path) -> None:
    seen = _inspect(browser, page_path)
    assert seen["foreign"] == [], f"{page_path} asked other hosts: {seen['foreign']}"
    assert seen["visible_code"] == 0, f"{page_path} shows code"
    assert seen["stderr"] == 0, f"{page_path} shows stderr output"
    assert all(src.startswith("data:image/") for src in seen["images"]), page_path
    for phrase in ALARMING_TEXT:
        assert phrase not in seen["text"], f"{page_path} shows {phrase!r}"
    assert page_path.with_suffix(".png").stat().st_size > 10_000


def test_sample_pages_read_cleanly(browser, sample_runs):
    for page_path in _rendered_pages(sample_runs):
        _check_page(browser, page_path)


def test_nsw_pages_read_cleanly(browser, nsw_run):
    for page_path in _rendered_pages([nsw_run]):
        _check_page(browser, page_path)


def test_figures_are_drawn_and_labelled(browser, sample_runs):
    page_path = sample_runs[0].output_dir / "outcomes.html"
    page = browser.new_page()
    page.goto(page_path.as_uri())
    images = page.locator("img")
    assert images.count() >= 1
    for index in range(images.count()):
        image = images.nth(index)
        assert image.evaluate("img => img.naturalWidth") > 200
        assert image.get_attribute("alt")
        assert "No description" not in image.get_attribute("alt")
    page.close()
