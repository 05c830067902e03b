"""The site runs under a strict Content Security Policy: every page carries it, it has
no 'unsafe-inline', and real Chromium reports no violation while a reader browses and
searches."""

import re

import pytest
from playwright.sync_api import expect

from casebook.site.finish import inline_script_hashes

pytestmark = [pytest.mark.slow]

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_every_page_carries_the_policy_after_its_charset(built_by, engine):
    site = built_by(engine) / "site"
    for page in site.rglob("*.html"):
        html = page.read_text()
        match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert match, page
        policy = match.group(1)
        assert "unsafe-inline" not in policy and "unsafe-eval'" not in policy.replace("wasm-unsafe-eval'", "")
        assert html.index("<meta charset") < match.start() < 1024 + len(match.group(0))
        for digest in inline_script_hashes(html):
            assert digest in policy
        assert not re.search(r"<[^>]+\sstyle=", html), f"{page}: an inline style attribute is blocked by style-src 'self'"
        assert "<style" not in html, f"{page}: an inline style element is blocked by style-src 'self'"
        assert "<style" not in html, f"{page}: an inline style element is blocked by style-src 'self'"
    headers = (site / "_headers").read_text()
    assert "frame-ancestors 'none'" in headers and "Content-Security-Policy:" in headers


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [
        "",
        "precedents/",
        "precedents/by-2020-blue-notice-then-diffusion/",
        "browse/",
        "search/?q=extradition&outcome=extradition-refused",
        "reference/legal-grounds/",
    ],
)
def test_no_policy_violation_in_chromium(browser, fixture_server, path):
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(fixture_server + path)
    if path.startswith("search"):
        page.wait_for_selector(".cb-result")
    else:
        page.keyboard.press("/")
        page.keyboard.type("extradition")
        page.wait_for_selector("#cb-header-results:not([hidden]) .cb-suggestion")
    page.emulate_media(color_scheme="dark")  # the reader's device turns dark: the page follows (header.html)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")  # no eval: the policy forbids it
    page.wait_for_timeout(200)
    assert page.evaluate("window.__violations") == []
    assert errors == []
    context.close()
