#!/usr/bin/env python3
"""The report page (`reports/index.html`) in a real browser: Chromium under WebDriver.

    apt-get install chromium chromium-driver && pip install selenium
    python3 Tests/Browser/report_page.py [reports/index.html]
    python3 Tests/Browser/report_page.py --without-labels OUTPUT/index.html   # pipeline --generator-masks DIR alone
    python3 Tests/Browser/report_page.py --generator-only OUTPUT/index.html   # ... with --generator-labels L

At 1280 and at 760 pixels wide it checks that:
- nothing overflows the page sideways outside the table boxes (document.documentElement.scrollWidth is no wider
  than the window; a wide table scrolls inside its own box, and its caption stays within the window);
- every section is there: the real generator with both filters, its threshold chooser and the promise against
  outcome (a forest plot whose legend says promised and realised), the latent groups' choosers, the calibration
  check on synthetic masks last;
- no two text elements of one chart overlap by more than 2 px (their bounding boxes), nor a point and a point's label;
- every CSV or JSON of the report named in a table caption or a note is a link (a user's input named there, such
  as the labels file, lies outside the report and needs none);
- each filter's contact sheet (every rejected mask, the accepted ones nearest the threshold) is linked and shows masks;
and keeps a screenshot of each width beside the page (report-1280.png, report-760.png), CI's artefacts. With
--without-labels the page is a generator's without labels (`pipeline --generator-masks DIR --generator-reference
REAL`): the label-free filter alone, its share-accepted chart with the default marked and no bad-per-good chart,
the masks either side of the threshold, the command that suggests masks to label, and the contact sheet. With
--generator-only it is a user's generator with labels (`pipeline --generator-masks DIR --generator-labels L
--generator-reference REAL`): the generator's section as in the shipped report, both filters and both trade-off
charts with the default marked, and no latent or synthetic-mask section.
"""
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

OVERLAPS = """
const problems = [];
const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2;
document.querySelectorAll('svg.chart').forEach((svg, index) => {
  const title = (svg.querySelector('title') || {}).textContent || ('chart ' + index);
  const boxes = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() !== '')
    .map(t => ({text: t.textContent, box: t.getBoundingClientRect()}));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      if (overlap(boxes[i].box, boxes[j].box)) problems.push(title + ': "' + boxes[i].text + '" over "' + boxes[j].text + '"');
    }
  }
  // No point of the plot covers a point's label.
  const markers = [...svg.querySelectorAll('circle[r="4.5"]')].map(c => c.getBoundingClientRect());
  for (const label of svg.querySelectorAll('text.point-label')) {
    if (markers.some(marker => overlap(label.getBoundingClientRect(), marker))) {
      problems.push(title + ': a point over the label "' + label.textContent + '"');
    }
  }
});
return problems;
"""

UNLINKED = """
const names = /[\\w.\\/-]+\\.(csv|json)\\b/g;
const problems = [];
document.querySelectorAll('caption, p.note, figcaption, .kpi-label').forEach(element => {
  const linked = new Set([...element.querySelectorAll('a')].map(a => a.textContent));
  for (const match of element.textContent.matchAll(names)) {
    if (![...linked].some(text => text.includes(match[0]))) problems.push([match[0], element.textContent.slice(0, 60)]);
  }
});
return problems;
"""


def without_labels_failures(driver, text):
    """What the page of a generator without labels lacks: the label-free section alone, as the pipeline writes it."""
    failures = [f"missing: {heading}" for heading in ["A real generator: its masks filtered without labels",
                                                      "Choosing the label-free filter's threshold", "Just above the threshold",
                                                      "Just below the threshold", "ganfilter label suggest --features"]
                if heading not in text]
    titles = driver.execute_script("return [...document.querySelectorAll('svg.chart title')].map(t => t.textContent)")
    if [t for t in titles if t.startswith(("Share accepted", "Bad per good"))] != ["Share accepted, generated masks without labels"]:
        failures.append(f"the charts of a generator without labels: {titles}, expected its share accepted alone")
    marked = driver.execute_script("""return [...document.querySelectorAll('svg.chart')].filter(svg => /^Share accepted/
        .test(svg.querySelector('title')?.textContent || '')).map(svg => [...svg.querySelectorAll('text.point-label')]
        .some(t => t.textContent === 'D'))""")
    if marked != [True]:
        failures.append(f"the share-accepted chart's default threshold (D) marks: {marked}, expected [True]")
    return failures


def unlinked_failures(driver, report):
    """The report's own CSV and JSON files (in its folder) named in a caption or note without a link."""
    folder = os.path.realpath(os.path.dirname(report))
    inside = lambda path: path.startswith(folder + os.sep) and os.path.isfile(path)
    return [f'not a link: {name} in "{context}"' for name, context in driver.execute_script(UNLINKED)
            if inside(os.path.realpath(os.path.join(folder, name)))]


GENERATOR_WITH_LABELS = ["A real generator", "Choosing the labelled filter's threshold", "ROC curve, generated masks, with labels",
                         "Precision and recall, generated masks, with labels", "ROC curve, generated masks, without labels"]
SHIPPED_ONLY = ["Promise against outcome", "promised", "realised", "Latent prefilter", "ROC curve, 18_24m", "Calibration check",
                "ROC curve, synthetic ellipse masks"]


def with_labels_failures(driver, text, headings):
    """What the generator's section with labels lacks: `headings`, and the default threshold (D) marked on both
    of the label-free filter's trade-off charts, beside the strategies."""
    failures = [f"missing: {heading}" for heading in headings if heading not in text and heading not in driver.page_source]
    marked = driver.execute_script("""
        return [...document.querySelectorAll('svg')].filter(svg => /^(Share accepted|Bad per good), generated masks without labels/
            .test(svg.querySelector('title')?.textContent || '')).map(svg => [...svg.querySelectorAll('text.point-label')]
            .some(t => t.textContent === 'D'))""")
    if marked != [True, True]:
        failures.append(f"the label-free trade-off charts' default threshold (D) marks: {marked}, expected [True, True]")
    return failures


def picture_failures(driver, where):
    """Example cards on the page now open (`where` names it) whose mask is missing or does not draw. Every mask the
    report shows is one its run read, so a placeholder is a mask the page could not find (a stack's row, say)."""
    missing = driver.execute_script("""
        return [...document.querySelectorAll('.card')].filter(card => card.querySelector('.missing')
            || [...card.querySelectorAll('img')].some(img => !img.complete || img.naturalWidth === 0))
            .map(card => card.querySelector('.card-name')?.textContent || '?')""")
    return [f"{where}: {len(missing)} masks not shown ({', '.join(missing[:3])})"] if missing else []


def sheet_failures(driver, report, count):
    """At least `count` contact sheets linked, each showing masks; the page is reloaded after."""
    failures = []
    sheets = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "a[href$='contact_sheet.html']")]
    if len(sheets) < count:
        failures.append(f"contact sheets linked: {len(sheets)}, expected at least {count}")
    for sheet in sheets:
        driver.get(sheet)
        if len(driver.find_elements(By.CSS_SELECTOR, ".card img")) < 10 or "Rejected" not in driver.page_source:
            failures.append(f"{sheet}: no masks shown")
        failures += picture_failures(driver, sheet)
    driver.get("file://" + report)
    return failures


def main():
    arguments = sys.argv[1:]
    without_labels, generator_only = "--without-labels" in arguments, "--generator-only" in arguments
    arguments = [a for a in arguments if a not in ("--without-labels", "--generator-only")]
    report = os.path.abspath(arguments[0] if arguments else "reports/index.html")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    failures = []
    try:
        for width in (1280, 760):
            driver.set_window_size(width, 1000)
            driver.get("file://" + report)
            inner = driver.execute_script("return window.innerWidth")
            scroll = driver.execute_script("return document.documentElement.scrollWidth")
            if scroll > inner:
                wide = driver.execute_script("""
                    return [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                        && !e.closest('.scroll, table.data')).slice(0, 5).map(e => e.tagName + '.' + e.className.baseVal + e.className)""")
                failures.append(f"{width} px: the page is {scroll} px wide in a {inner} px window ({wide})")
            # A wide table scrolls in its box, and its caption stays in the window, readable without scrolling.
            cut = driver.execute_script("""
                return [...document.querySelectorAll('table.data caption')].filter(c => c.getBoundingClientRect().right > window.innerWidth + 1)
                    .slice(0, 3).map(c => c.textContent.slice(0, 60))""")
            failures += [f"{width} px: a table caption runs past the window: {text}" for text in cut]
            overlaps = driver.execute_script(OVERLAPS)
            failures += [f"{width} px: {text}" for text in overlaps]
            if width == 1280:
                failures += picture_failures(driver, report)
            if width == 1280 and without_labels:
                failures += without_labels_failures(driver, driver.find_element(By.TAG_NAME, "main").text)
                failures += unlinked_failures(driver, report)
                failures += sheet_failures(driver, report, 1)
            elif width == 1280 and generator_only:
                failures += with_labels_failures(driver, driver.find_element(By.TAG_NAME, "main").text, GENERATOR_WITH_LABELS)
                present = driver.execute_script("return ['latent', 'masks'].filter(name => document.getElementById(name))")
                if present:
                    failures.append(f"sections of data not given: {present}")
                failures += unlinked_failures(driver, report)
                failures += sheet_failures(driver, report, 1)
            elif width == 1280:
                failures += with_labels_failures(driver, driver.find_element(By.TAG_NAME, "main").text, GENERATOR_WITH_LABELS + SHIPPED_ONLY)
                order = [driver.execute_script(f"return document.getElementById('{name}').getBoundingClientRect().top + window.scrollY")
                         for name in ("generator", "latent", "masks")]
                if order != sorted(order):
                    failures.append(f"sections out of order (real generator, latent, synthetic last): {order}")
                failures += unlinked_failures(driver, report)
                failures += sheet_failures(driver, report, 2)
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(width, min(height, 16000))
            driver.save_screenshot(os.path.join(os.path.dirname(report), f"report-{width}.png"))
    finally:
        driver.quit()
    for failure in failures:
        print("report_page:", failure)
    if failures:
        sys.exit(1)
    print(f"report_page: {report} holds at 1280 and 760 px (screenshots beside it)")


if __name__ == "__main__":
    main()
