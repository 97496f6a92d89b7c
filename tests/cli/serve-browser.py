"""Drives plan serve in headless Chromium through Selenium, for t0150.

    serve-browser.py STEP URL SHOTS PROFILE

STEP is overview, events, form or approve. Each step saves screenshots
under SHOTS (serve-*.png) and fails with an assertion when the page is not
what it should be. Only Debian's chromium and chromedriver are used: no
network, no driver download.
"""
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

step, url, shots, profile = sys.argv[1:5]

opts = webdriver.ChromeOptions()
for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--no-first-run", "--disable-background-networking", "--disable-component-update",
          "--disable-sync", "--disable-extensions", "--hide-scrollbars",
          "--window-size=1300,1800", "--user-data-dir=" + profile):
    opts.add_argument(a)
opts.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
driver.set_page_load_timeout(60)


def shot(name, height=1800):
    driver.set_window_size(1300, height)
    driver.save_screenshot(f"{shots}/serve-{name}.png")


def css(sel):
    return driver.find_elements(By.CSS_SELECTOR, sel)


def submit(button):
    """Clicks a link or a form's button and waits for the next page: on a
    busy machine click() can return while the old page is still shown."""
    old = driver.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(driver, 120).until(expected_conditions.staleness_of(old))
    WebDriverWait(driver, 120).until(
        lambda d: d.execute_script("return document.readyState") == "complete")


try:
    if step == "overview":
        driver.get(url + "/")
        assert driver.title.startswith("Overview"), driver.title
        assert len(css("table.gantt tr[data-activity]")) == 18, len(css("tr[data-activity]"))
        # The recorded events laid over the bars.
        assert len(css("table.gantt td.tl circle")) > 20, len(css("table.gantt td.tl circle"))
        rows = css("#indicators tr[data-indicator]")
        assert len(rows) == 33, len(rows)
        assert len(css("svg.share path[data-goal]")) == 4
        assert len(css("#per-quarter tr[data-quarters]")) == 18
        shot("overview", 2400)
        # An indicator's page from its link.
        submit(driver.find_element(By.LINK_TEXT, "I14"))
        assert driver.current_url.endswith("/indicator/I14"), driver.current_url
        assert css("tr[data-indicator='I14']")
        shot("indicator", 1400)
    elif step == "events":
        driver.get(url + "/events")
        total = int(css("#event-count")[0].get_attribute("data-count"))
        Select(driver.find_element(By.NAME, "indicator")).select_by_value("I24")
        submit(driver.find_element(By.ID, "filter-go"))
        n = int(css("#event-count")[0].get_attribute("data-count"))
        assert 0 < n < total, (n, total)
        rows = css("#events tbody tr")
        assert len(rows) == min(n, 50), (len(rows), n)
        assert all("I24" in r.text for r in rows)
        assert "indicator=I24" in css("#csv")[0].get_attribute("href")
        shot("events", 1400)
        # One event's page: its record and its history.
        submit(rows[0].find_element(By.CSS_SELECTOR, "a"))
        assert css("#record") and css("#history li")
        shot("event", 1200)
    elif step == "form":
        driver.get(url + "/new")

        def fill(date, send=False):
            d = driver.find_element(By.ID, "f-date")
            d.clear()
            d.send_keys(date)
            Select(driver.find_element(By.ID, "f-kind")).select_by_value("seminar")
            ind = Select(driver.find_element(By.ID, "f-indicator"))
            ind.deselect_all()
            ind.select_by_value("I14")
            t = driver.find_element(By.ID, "f-title")
            t.clear()
            t.send_keys("Informationsseminarium om social hänsyn, december")
            box = driver.find_element(By.ID, "f-send")
            assert not box.is_selected()
            if send:
                box.click()
            submit(driver.find_element(By.ID, "f-submit"))

        fill("2021-02-30")
        err = css("#err-date")
        assert err and "YYYY-MM-DD" in err[0].text, driver.page_source[:2000]
        assert css("#form-problem")
        assert not css("#recorded")
        # The values given are kept in the form.
        assert driver.find_element(By.ID, "f-title").get_attribute("value").startswith(
            "Informationsseminarium")
        shot("form-error", 1600)
        # Sent for review to the central repository with the box ticked.
        fill("2021-12-15", send=True)
        assert css("#recorded"), driver.page_source[:3000]
        assert css("#sent") and not css("#not-sent"), driver.page_source[-3000:]
        assert "handlaggare-1/2021-12-20" in css("#recorded")[0].text
        shot("form-recorded", 900)
    elif step == "approve":
        driver.get(url + "/review")
        sec = css("section[data-branch='handlaggare-1/2021-12-20']")
        assert sec, driver.page_source[:3000]
        assert "I14" in sec[0].find_element(By.CSS_SELECTOR, "pre.review").text
        shot("review", 1200)
        submit(sec[0].find_element(By.CSS_SELECTOR, "button.approve"))
        ok = css("#approved")
        assert ok and "handlaggare-1/2021-12-20" in ok[0].text, driver.page_source[:3000]
        assert css("#none-waiting")
        shot("approved", 900)
    else:
        raise SystemExit("unknown step " + step)
finally:
    driver.quit()
