"""The finished HTML blocks of generated pages skip the site engine (engine.py): which
blocks are set aside, and how they are put back into the built pages."""

import pytest

from casebook.site.engine import EngineError
from casebook.site.finish import finish_pages
from casebook.site.set_aside import put_back_html, set_aside_html

FIGURE = '<figure class="cb-tl" id="timeline-picture">\n<svg><text y="1">2016</text></svg>\n</figure>'
WRAPPER = '<div class="cb-precedent" data-pagefind-body markdown="1">'

# (Markdown page, the page the engine reads, the blocks set aside)
CASES = {
    "a finished block": (
        f"# Title\n\n{FIGURE}\n\nText.\n",
        "# Title\n\n<!--casebook-html 0-->\n\nText.\n",
        [FIGURE],
    ),
    "each block its own placeholder, in order": (
        '<p class="a">one</p>\n\n<ul class="b">\n<li>two</li>\n</ul>\n',
        "<!--casebook-html 0-->\n\n<!--casebook-html 1-->\n",
        ['<p class="a">one</p>', '<ul class="b">\n<li>two</li>\n</ul>'],
    ),
    "a block that asks for Markdown inside stays": (
        '<p class="cb-edit" markdown="1">See [the record](x.md)</p>\n',
        '<p class="cb-edit" markdown="1">See [the record](x.md)</p>\n',
        [],
    ),
    "headings stay (table of contents, page title)": ('<h1 id="title">T</h1>\n', '<h1 id="title">T</h1>\n', []),
    "an inline element starting a paragraph stays": ('<a href="x/">x</a> and text\n', '<a href="x/">x</a> and text\n', []),
    "a block that does not close its first element stays": ("<div>\n<p>a</p>\n", "<div>\n<p>a</p>\n", []),
    "a block closing more than it opens stays": ("<div>a</div>\n</div>\n", "<div>a</div>\n</div>\n", []),
    "two elements in one block, the last not the first's close": (
        "<p>a</p>\n<div>b</div>\n",
        "<p>a</p>\n<div>b</div>\n",
        [],
    ),
    "the page-wide wrapper's lines, its Markdown read as the page's own": (
        f"{WRAPPER}\n\n## Facts\n\n{FIGURE}\n\n</div>\n\n<p>after</p>\n",
        "<!--casebook-html 1-->\n\n## Facts\n\n<!--casebook-html 0-->\n\n<!--casebook-html 2-->\n\n<!--casebook-html 3-->\n",
        [FIGURE, '<div class="cb-precedent" data-pagefind-body>', "</div>", "<p>after</p>"],
    ),
    "a Markdown div inside the wrapper stays": (
        f'{WRAPPER}\n\n<div class="cb-facts" markdown="1">\n\n| a | b |\n|---|---|\n\n</div>\n\n</div>\n',
        '<!--casebook-html 0-->\n\n<div class="cb-facts" markdown="1">\n\n| a | b |\n|---|---|\n\n</div>\n\n<!--casebook-html 1-->\n',
        ['<div class="cb-precedent" data-pagefind-body>', "</div>"],
    ),
    "a wrapper never closed stays": (f"{WRAPPER}\n\ntext\n", f"{WRAPPER}\n\ntext\n", []),
    "front matter is left alone": (
        f'---\ntitle: "x"\n---\n\n{FIGURE}\n',
        '---\ntitle: "x"\n---\n\n<!--casebook-html 0-->\n',
        [FIGURE],
    ),
    "a page with a code block is left alone": (
        f"{FIGURE}\n\n```html\n<p>x</p>\n\n<p>y</p>\n```\n",
        f"{FIGURE}\n\n```html\n<p>x</p>\n\n<p>y</p>\n```\n",
        [],
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_which_blocks_are_set_aside(name):
    page, expected_page, expected_blocks = CASES[name]
    pages, set_aside = set_aside_html({"x.md": page})
    assert pages["x.md"] == expected_page
    assert set_aside.get("x.md", []) == expected_blocks


def test_files_that_are_not_pages_are_left_alone():
    pages, set_aside = set_aside_html({"api/x.json": FIGURE, "x.md": "text\n"})
    assert pages == {"api/x.json": FIGURE, "x.md": "text\n"} and set_aside == {}


@pytest.mark.parametrize("name", CASES)
def test_putting_the_blocks_back_gives_the_page_again(name):
    page, _, _ = CASES[name]
    pages, set_aside = set_aside_html({"x.md": page})
    restored = put_back_html(pages["x.md"], set_aside.get("x.md", []), "x.md")
    # the wrapper, when set aside, comes back without the attribute only md_in_html reads
    assert restored in (page, page.replace(WRAPPER, WRAPPER.replace(' markdown="1"', "")))


@pytest.mark.parametrize(
    "built",
    [
        "<main>\n<!--casebook-html 0-->\n</main>",  # the second block lost
        "<!--casebook-html 0-->\n<!--casebook-html 1-->\n<!--casebook-html 1-->",  # doubled
        "<p><!--casebook-html 0--></p>\n<!--casebook-html 1-->",  # wrapped in a paragraph
    ],
)
def test_an_engine_that_mangles_a_placeholder_fails_the_build(built):
    with pytest.raises(EngineError, match="x.md: the site engine did not keep the placeholders"):
        put_back_html(built, ["<p>a</p>", "<p>b</p>"], "x.md")


def test_finish_pages_puts_blocks_back_where_the_engine_wrote_each_page(tmp_path):
    (tmp_path / "precedents" / "a").mkdir(parents=True)
    (tmp_path / "precedents" / "a" / "index.html").write_text('<meta charset="utf-8">\n<!--casebook-html 0-->\n')
    (tmp_path / "index.html").write_text('<meta charset="utf-8">\n<!--casebook-html 0-->\n')
    finish_pages(tmp_path, {"precedents/a.md": ["<p>A</p>"], "index.md": ["<p>home</p>"]})
    assert "<p>A</p>" in (tmp_path / "precedents" / "a" / "index.html").read_text()
    assert "<p>home</p>" in (tmp_path / "index.html").read_text()
    with pytest.raises(EngineError, match="built no page for precedents/b.md"):
        finish_pages(tmp_path, {"precedents/b.md": ["<p>B</p>"]})


PAGES = {
    "index.html": '<html><head><meta charset="utf-8"><script>var a = 1;</script></head><body><article>'
    '<h1 id="top">Home</h1><p>See <a href="guides/x/">a guide</a> and <a href="#top">the top</a>.</p>'
    "<!--casebook-html 0--></article></body></html>",
    "guides/x/index.html": '<html><head><meta charset="utf-8"><script>var b = 2;</script></head><body>'
    '<article><h1 id="g">Guide</h1><p>Back <a href="../../">home</a>, <a href="../../#top">top</a>,'
    ' <a href="../../#nowhere">broken</a>.</p><pre>  kept\n    as it is</pre></article></body></html>',
    "ru/index.html": '<html lang="ru"><head><meta charset="utf-8"></head><body><article>\n    <p id="ru">'
    'Текст\n      <img src="../missing.png" alt=""></p></article></body></html>',
}


@pytest.mark.parametrize("separate", [False, True], ids=["one process", "two processes"])
def test_finish_pages_gives_the_link_check_what_it_would_read_of_the_finished_pages(tmp_path, separate):
    """What ``finish_pages`` reads of each page for the link check is what ``links.scan``
    reads of the pages it wrote; with two processes the pages and that reading are the
    same as with one."""
    from casebook.site.links import check_site, scan

    sites = {}
    for way in (False, separate):
        site = tmp_path / f"site-{way}"
        for path, text in PAGES.items():
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_text(text, encoding="utf-8")
        policy, scanned = finish_pages(site, {"index.md": ['<p id="block">a block</p>']}, separate=way)
        assert scanned == scan(site)
        assert [p.message for p in check_site(site, scanned=scanned)] == [p.message for p in check_site(site)]
        sites[way] = ({p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}, policy)
    assert sites[False] == sites[separate]
    problems = check_site(tmp_path / f"site-{separate}", scanned=scanned)
    assert sorted(p.message for p in problems) == [
        "broken anchor '../../#nowhere': no id 'nowhere' in index.html",
        "broken link '../missing.png': missing.png does not exist",
    ]
