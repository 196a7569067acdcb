"""The handout opened in headless Chromium: it renders, fetches nothing, prints one lesson per page run."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.e2e.browser import chromium

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def handout(tmp_path_factory):
    folder = tmp_path_factory.mktemp("handout")
    subprocess.run([sys.executable, "-m", "tui_tutor", "handout", "--answers", "-o", str(folder / "lecture.html")],
                   check=True, capture_output=True, timeout=300)
    return folder / "lecture.html"


def test_the_handout_renders_in_chromium_without_a_request(handout, tmp_path):
    url = handout.as_uri()
    requests, failures, errors = [], [], []
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        page.on("request", lambda r: requests.append(r.url))
        page.on("requestfailed", lambda r: failures.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(url, wait_until="load")
        plots = page.eval_on_selector_all("svg.plot", "els => els.map(e => e.getBoundingClientRect().width)")
        decoded = page.evaluate("""async () => {
            const hrefs = [...document.querySelectorAll('svg.plot image')].map(i => i.getAttribute('href'));
            const sizes = [];
            for (const href of hrefs) { const img = new Image(); img.src = href; await img.decode();
                                        sizes.push(img.naturalWidth * img.naturalHeight); }
            return sizes; }""")
        lessons = page.eval_on_selector_all("section.lesson h1", "els => els.map(e => e.textContent)")
        page.screenshot(path=str(tmp_path / "top.png"))
        page.locator("#neuron-4 figure").screenshot(path=str(tmp_path / "neuron-figure.png"))
        page.emulate_media(media="print")
        breaks = page.eval_on_selector_all("section.lesson", "els => els.map(e => getComputedStyle(e).breakBefore)")
        page.screenshot(path=str(tmp_path / "print.png"))
        pdf = page.pdf(format="A4", print_background=True)
    assert [r for r in requests if not r.startswith("data:")] == [url], "the page asks for nothing but itself"
    assert failures == [] and errors == []
    assert len(lessons) == 16 and lessons[0] == "1 Inside a neuron"
    assert len(plots) >= 40 and min(plots) > 300, "every plot is drawn at a readable width"
    assert decoded and min(decoded) > 0, "every heat map's picture decodes"
    for shot in ("top.png", "neuron-figure.png"):
        assert (tmp_path / shot).read_bytes().startswith(b"\x89PNG") and (tmp_path / shot).stat().st_size > 10_000
    assert breaks == ["page"] * len(lessons), "printed, each lesson starts a new page"
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pages > len(lessons), f"{pages} printed pages for {len(lessons)} lessons and the cover"
