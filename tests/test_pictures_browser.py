"""In real Chromium: the timeline pictures and the statistics charts, at desktop (1280 px)
and phone (360 px) widths, in the light and the dark palette.

A collection made for this test (the seed case, a synthetic record with many kinds of
date, a synthetic record with one date, and 30 synthetic records, in a temporary folder)
is built for real. For each width and palette, each page must not scroll sideways, its
pictures must render with a size, its labels must contrast with the page, the pictures
must be found by their accessible names, and a screenshot is saved for a person to look
at (the folder is printed; run pytest with -s to see it).
"""

import functools
import http.server
import re
import shutil
import threading

import pytest
import yaml
from playwright.sync_api import expect

from casebook.site.build import build
from casebook.tools.synthetic import write_synthetic_collection
from tests.conftest import FIXTURES, _QuietHandler, free_port, project_for, timeline_record

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEED = "by-2020-blue-notice-then-diffusion"
DATED = "ru-2015-synthetic-timeline"
ONE_DATE = "kz-2018-synthetic-one-date"


def synthetic(record_id: str, **changes) -> dict:
    return timeline_record(record_id, **changes)


RECORDS = [
    synthetic(
        DATED,
        title="Synthetic: a test record with many kinds of date",
        instruments=[
            {"type": "red-notice", "issued": "2015-03", "fate": "deleted", "fate_date": "2018-11-20"},
            {"type": "diffusion", "issued": "2019", "fate": "published"},
            {"type": "national-warrant", "fate": "cancelled", "fate_date": "2020"},
        ],
        proceedings=[
            {"forum": "ccf", "kind": "ccf-request", "filed": "2016-02-10", "decided": "2018-10", "outcome": "data-deleted"},
            {
                "forum": "national-court",
                "state": "DE",
                "kind": "extradition",
                "filed": "2019-06",
                "decided": "2020-01-15",
                "outcome": "extradition-refused",
            },
            {"forum": "ccf", "kind": "ccf-request", "filed": "2020", "outcome": "pending"},
        ],
        timeline=[
            {"date": "2015-03", "event": "Synthetic: a Red Notice is published."},
            {"date": "2015", "date_qualifier": "after", "event": "Synthetic: he learns of it."},
            {"date": "2016-02-10", "event": "Synthetic: a request to the CCF is filed."},
            {"when": "some weeks later", "event": "Synthetic: the CCF declares the request admissible."},
            {"date": "2018-10", "date_qualifier": "about", "event": "Synthetic: the CCF decides to delete the data."},
            {
                "date": "2019-06-02",
                "event": "Synthetic: he is arrested in Germany on a diffusion and held while the court examines the request.",
            },
            {"date": "2020-01-15", "event": "Synthetic: the court refuses extradition."},
            {"date": "2021-05-01", "date_qualifier": "before", "event": "Synthetic: a second request to the CCF is filed."},
        ],
        outcomes=["data-deleted", "extradition-refused"],
    ),
    synthetic(
        ONE_DATE,
        requesting_states=["KZ"],
        timeline=[{"date": "2018-04", "event": "Synthetic: the only dated event."}, {"event": "Synthetic: undated."}],
    ),
]

PAGES = {
    "stats": "stats/",
    "dated": f"precedents/{DATED}/",
    "seed": f"precedents/{SEED}/",
    "one-date": f"precedents/{ONE_DATE}/",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pictures")
    folder = tmp / "precedents"
    write_synthetic_collection(folder, 30, seed=11)
    shutil.copy(FIXTURES / "precedents" / f"{SEED}.yml", folder)
    for record in RECORDS:
        (folder / f"{record['id']}.yml").write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
    report = build(project_for(folder), site_dir=tmp / "site", work_dir=tmp / "work")
    assert report.ok, report.error or report.problems
    handler = functools.partial(_QuietHandler, directory=str(tmp / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory):
    folder = tmp_path_factory.mktemp("screenshots")
    print(f"\nscreenshots: {folder}")
    return folder


# Pictures and their labels as the reader sees them: size, and the colours of labels and page.
MEASURE = """() => {
  const visible = el => el.getBoundingClientRect().width > 0 && getComputedStyle(el).display !== 'none';
  const svgs = [...document.querySelectorAll('svg.cb-tl-svg, svg.cb-chart-svg')];
  const shown = svgs.filter(visible);
  const label = shown.length ? shown[0].querySelector('g text, .cb-chart-label') : null;
  return {
    overflow: document.documentElement.scrollWidth - innerWidth,
    svgs: svgs.length,
    shown: shown.map(el => ({cls: el.getAttribute('class'), w: el.getBoundingClientRect().width, h: el.getBoundingClientRect().height})),
    labelFill: label ? getComputedStyle(label).fill : null,
    labelVisible: label ? label.getBoundingClientRect().width > 0 : false,
    // text that runs out of its picture, left or right
    cut: shown.flatMap(svg => {
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll('text')].filter(t => getComputedStyle(t).display !== 'none').filter(t => {
        const r = t.getBoundingClientRect();
        return r.left < box.left - 1 || r.right > box.right + 1;
      }).map(t => t.textContent);
    }),
    background: getComputedStyle(document.body).backgroundColor,
    scheme: document.body.getAttribute('data-md-color-scheme'),
  };
}"""


def _rgba(css: str) -> tuple[float, float, float, float]:
    inside = css[css.index("(") + 1 : css.index(")")].replace("/", " ").replace(",", " ").split()
    r, g, b = (float(v) for v in inside[:3])
    return r, g, b, float(inside[3]) if len(inside) > 3 else 1.0


def contrast(foreground: str, background: str) -> float:
    fr, fg, fb, alpha = _rgba(foreground)
    br, bg, bb, _ = _rgba(background)
    mixed = [alpha * f + (1 - alpha) * b for f, b in ((fr, br), (fg, bg), (fb, bb))]

    def luminance(rgb):
        linear = [(c / 255) / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(mixed), luminance((br, bg, bb))), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 360])
def test_pictures_fit_render_and_follow_the_palette(browser, site, screenshots, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        for name, path in PAGES.items():
            page.goto(site + path)
            found = page.evaluate(MEASURE)
            page.screenshot(path=str(screenshots / f"{name}-{width}-{scheme}.png"), full_page=True)
            assert found["scheme"] == ("slate" if scheme == "dark" else "default"), name
            assert found["overflow"] <= 0, f"{name} scrolls sideways by {found['overflow']} px at {width} px"
            if name == "one-date":
                assert found["svgs"] == 0
                assert page.locator(".cb-tl-none").inner_text().startswith("The sources give too few dates")
                continue
            assert found["shown"], name
            assert found["cut"] == [], f"{name}: labels run out of the picture at {width} px"
            for svg in found["shown"]:
                assert svg["w"] > 0 and svg["h"] > 0, (name, svg)
                assert svg["w"] <= width, (name, svg)
            if name in ("dated", "seed"):
                assert [s["cls"] for s in found["shown"]] == ["cb-tl-svg"], name
                alternative = page.get_by_role("img", name="Timeline of the case, drawn from the record")
                assert alternative.count() == 1 and alternative.is_visible()
                assert page.locator("#timeline-list li").count() > 0
            else:
                assert len(found["shown"]) == 6
                assert page.get_by_role("img", name="Precedents by requesting state").is_visible()
            assert found["labelVisible"], name
            ratio = contrast(found["labelFill"], found["background"])
            assert ratio >= 4.5, f"{name}: labels contrast {ratio:.1f}:1 with the {scheme} page"
        assert errors == []
    finally:
        context.close()


def test_a_chart_row_and_a_table_cell_lead_to_the_search_with_as_many_results(page, site):
    page.goto(site + "stats/")
    numbers = page.locator("#chart-requesting-state + details")
    numbers.locator("summary").click()
    first = numbers.locator("tbody tr").first
    expected = int(first.locator("td").nth(1).inner_text())
    first.locator("a").click()
    page.wait_for_url("**/search/?requesting_state=*")
    expect(page.locator(".cb-count")).to_have_text(re.compile(f"^{expected} precedents?, newest first$"))

    page.goto(site + "stats/")
    cell = page.locator(".cb-matrix tbody td:not(:first-child) a").first
    expected = int(cell.inner_text())
    cell.click()
    page.wait_for_url("**/search/?requesting_state=*&outcome=*")
    expect(page.locator(".cb-count")).to_have_text(re.compile(f"^{expected} precedents?, newest first$"))
    assert page.console_errors == []
