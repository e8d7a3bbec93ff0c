#!/usr/bin/env python3
"""The labelling page of `ganfilter label suggest --page` in a real browser: Chromium under WebDriver.

    apt-get install chromium chromium-driver && pip install selenium
    python3 Tests/Browser/label_page.py [path/to/ganfilter]

Makes a page for 6 masks of a NumPy stack (so the images come from the stack), with one label given before;
clicks Good on the first mask, presses b (the second), g (the third), u (undoes the third); reloads the page and
checks that the marks survived (reloading again, up to five times, while Chromium has not yet stored them);
saves labels.csv and checks it: the earlier label kept, the two marks added.
"""
import csv
import os
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.chrome.service import Service

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "release", "ganfilter")
    with tempfile.TemporaryDirectory(prefix="ganfilter-label-page-") as work:
        check(binary, work)


def check(binary, work):
    """The whole check in the folder WORK, which the caller removes."""
    stack = os.path.join(ROOT, "Tests", "Fixtures", "stacks", "grey.npy")
    subprocess.run([binary, "features", stack, "--set", "all", "-o", os.path.join(work, "f.csv")], check=True, capture_output=True)
    earlier = f"{stack}[0]"
    with open(os.path.join(work, "earlier.csv"), "w") as handle:
        handle.write(f"file,label\n{earlier},bad\n")
    subprocess.run([binary, "label", "suggest", "--features", os.path.join(work, "f.csv"), "--count", "6", "--labels",
                    os.path.join(work, "earlier.csv"), "-o", os.path.join(work, "next.csv"), "--page", os.path.join(work, "page")],
                   check=True, capture_output=True)
    with open(os.path.join(work, "next.csv"), newline="") as handle:
        suggested = [row["file"] for row in csv.DictReader(handle)]
    assert len(suggested) == 5, suggested  # 7 masks: one labelled, one empty

    downloads = os.path.join(work, "downloads")
    os.mkdir(downloads)
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,2000"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get("file://" + os.path.join(work, "page", "index.html"))
        images = driver.find_elements(By.CSS_SELECTOR, ".card img")
        assert len(images) == 5 and all(driver.execute_script("return arguments[0].naturalWidth", i) == 37 for i in images), "images"
        names = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".card .name")]
        assert names == suggested, (names, suggested)
        driver.find_element(By.CSS_SELECTOR, "#card-0 button.good").click()
        body = driver.find_element(By.TAG_NAME, "body")
        body.send_keys("b")   # the second mask (focus moved on)
        body.send_keys("g")   # the third
        body.send_keys("u")   # undone
        classes = lambda i: driver.find_element(By.ID, f"card-{i}").get_attribute("class").split()
        assert "good" in classes(0) and "bad" in classes(1) and "good" not in classes(2), [classes(i) for i in range(3)]
        # Chromium hands a page's localStorage writes to its browser process asynchronously, so a reload within
        # milliseconds may read the storage before them (it did, once in CI); a person never reloads so fast. Up
        # to five reloads, half a second apart, and the marks must be back.
        survived = lambda: "good" in classes(0) and "bad" in classes(1) and not {"good", "bad"} & set(classes(2))
        for attempt in range(5):
            time.sleep(0.5)
            driver.refresh()
            if survived():
                break
        assert survived(), "marks did not survive a reload"
        assert "2 of 5 marked" in driver.find_element(By.ID, "progress").text
        driver.find_element(By.ID, "save").click()
        path = os.path.join(downloads, "labels.csv")
        for _ in range(100):
            if os.path.exists(path):
                break
            time.sleep(0.1)
        with open(path, newline="") as handle:
            rows = [(row["file"], row["label"]) for row in csv.DictReader(handle)]
        assert rows == [(earlier, "bad"), (suggested[0], "good"), (suggested[1], "bad")], rows
    finally:
        driver.quit()
    with open(path) as handle:
        assert handle.readline() == "file,label\n", "the header train reads"
    print(f"label_page: the page in Chromium marked, reloaded and saved {len(rows)} labels as train reads them")


if __name__ == "__main__":
    main()
