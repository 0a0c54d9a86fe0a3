"""Browser journey: the benchmark page from the home card. The published figures are visible with
their labels, the maturity mapping's reasoning opens as our estimate, a profile answer produces
comparison statements with the estimate label, "no partners" replaces a chosen partner, and the
chart has its table. Every state is checked with axe-core (WCAG 2.1 A/AA, serious and critical)."""

from __future__ import annotations

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.support.browser import check_accessibility, wait_for_app


def test_benchmark_page_profile_answer_shows_a_comparison(app_server, page):
    page.goto(f"{app_server.url}/")
    wait_for_app(page)
    page.get_by_role("link", name="Naar de benchmark").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Benchmark datalabs")
    metrics = page.locator('[data-testid="stMetricValue"]')
    expect(metrics).to_have_text(["48", "38", "3"])
    expect(page.get_by_text("[schatting]").first).to_be_visible()
    expect(page.locator(".st-key-benchmark_chart .main-svg").first).to_be_visible()
    check_accessibility(page, "benchmark page: survey")
    page.get_by_text("Hoe we het onderzoek vertalen naar de volwassenheidsdimensies (onze schatting)").click()
    expect(page.get_by_text("Analyse en methoden: niveau")).to_be_visible()
    check_accessibility(page, "benchmark page: maturity mapping reasoning")

    page.get_by_role("tab", name="Jullie datalab").click()
    wait_for_app(page)
    expect(page.get_by_text("Beantwoord een vraag hierboven")).to_be_visible()
    option = page.get_by_role("option", name="Voorspellen: wat gaat er gebeuren?")
    for _ in range(3):  # a key pressed while the tab's rerun still draws the input can be lost on a loaded machine
        page.locator(".st-key-benchmark_profile_analysis_types input").focus()
        page.keyboard.press("ArrowDown")  # opens the list the way a keyboard user does
        try:
            option.wait_for(state="visible", timeout=5_000)
            break
        except PlaywrightTimeoutError:
            continue
    option.click()
    page.keyboard.press("Escape")
    wait_for_app(page)
    statement = page.get_by_text("Jullie doen voorspellende analyse; geschat aandeel onderzochte labs (alle labs)")
    expect(statement).to_be_visible()
    expect(statement).to_contain_text("[schatting]")
    check_accessibility(page, "benchmark page: profile with comparisons")

    partners = page.locator(".st-key-benchmark_profile_partners")
    for option in ("Het CBS", "Geen partners; we werken alleen"):  # "none" chosen last replaces the CBS
        partners.locator("input").focus()
        page.keyboard.press("ArrowDown")
        page.get_by_role("option", name=option).click()
        page.keyboard.press("Escape")
        wait_for_app(page)
    expect(page.get_by_text("Jullie werken zonder externe partners;")).to_be_visible()
    expect(partners.get_by_text("Het CBS")).to_have_count(0)

    page.get_by_role("tab", name="Gegevens beheren").click()
    wait_for_app(page)
    expect(page.get_by_text("DSHUB_ADMIN_KEY").first).to_be_visible()
    check_accessibility(page, "benchmark page: data management")
