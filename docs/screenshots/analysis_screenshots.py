"""Screenshots of the Analisis Kemiskinan pages on the demo, with Debian's Chromium.

Start a demo server first (see docs/analysis.md), then:
    python docs/screenshots/analysis_screenshots.py http://127.0.0.1:8765
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = [
    ("analysis-dashboard.png", "/analisis/"),
    ("analysis-indicator.png", "/analisis/indikator/?indikator=KMS01"),
    ("analysis-map.png", "/analisis/peta/"),
    ("analysis-deciles.png", "/analisis/desil/"),
]


def main(base: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="id-ID")
        page.goto(f"{base}/akun/masuk/")
        page.fill("input[name=username]", "contoh.9901.perencana")
        page.fill("input[name=password]", "contoh-planner-2025")
        page.click("main button[type=submit]")
        page.wait_for_url("**/dasbor/")
        for name, path in PAGES:
            page.goto(base + path)
            page.wait_for_selector(".chart.vega[data-ready] svg")
            page.wait_for_timeout(300)
            page.screenshot(path=str(OUT / name), full_page=False, type="png")
        page.close()
        # The compute page belongs to a province admin, who needs a second factor.
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8765")
