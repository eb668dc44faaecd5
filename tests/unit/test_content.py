"""The guide content files and the loader that parses them."""

import dataclasses
import re
from pathlib import Path

import pytest

from planner.content import (
    CONTENT_DIR,
    ContentError,
    Guide,
    ItemList,
    Library,
    Paragraph,
    Section,
    Table,
    load_library,
    parse_guide,
)

ARTICLE = Path(__file__).resolve().parents[3] / "shared/seed/000_90d7b116d9836678.txt"

COMPARISON_KEYS = [
    "introduction",
    "what-are-micro-jobs",
    "who-should-choose-micro-jobs",
    "what-is-freelancing",
    "who-should-choose-freelancing",
    "key-differences",
    "micro-jobs-advantages",
    "micro-jobs-disadvantages",
    "freelancing-advantages",
    "freelancing-disadvantages",
    "which-is-better",
    "long-term-income",
    "verdict",
]
MICRO_JOBS_STEPS = ["register", "daily-tasks", "cash-out", "save-for-skills"]
FREELANCING_STEPS = [
    "learn-a-skill",
    "build-portfolio",
    "create-profiles",
    "small-projects",
    "grow-client-base",
]
TABLE_FEATURES = [
    "Skill requirement",
    "Earning potential",
    "Payment cycle",
    "Work type",
    "Career growth",
    "Client relationship",
    "Flexibility",
    "Risk level",
]


@pytest.fixture(scope="module")
def library() -> Library:
    """The real guides, parsed once for this module."""
    return load_library()


def lists_in(section: Section) -> list[ItemList]:
    """The lists of a section, in order."""
    return [b for b in section.blocks if isinstance(b, ItemList)]


def section_text(section: Section) -> str:
    """All text of a section, joined with spaces."""
    parts = [section.title]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, ItemList):
            parts.extend(block.items)
        else:
            parts.extend([block.caption, *block.header, *(c for r in block.rows for c in r)])
    return " ".join(parts)


# --- the real library ---------------------------------------------------------------------


def test_library_has_three_guides_in_order(library):
    assert [g.slug for g in library.guides] == [
        "micro-jobs-vs-freelancing",
        "micro-jobs",
        "freelancing",
    ]
    assert [g.order for g in library.guides] == [1, 2, 3]
    assert [g.track for g in library.guides] == [None, "micro-jobs", "freelancing"]


def test_every_guide_has_a_one_sentence_summary_and_a_title(library):
    for guide in library.guides:
        assert guide.title.strip()
        assert guide.summary.endswith(".")
        assert ". " not in guide.summary, guide.slug


@pytest.mark.parametrize(
    ("slug", "keys"),
    [("micro-jobs", MICRO_JOBS_STEPS), ("freelancing", FREELANCING_STEPS)],
)
def test_step_guides_have_their_steps_in_order(library, slug, keys):
    guide = library.get(slug)
    assert [s.key for s in guide.steps] == keys
    assert [s.step for s in guide.steps] == list(range(1, len(keys) + 1))
    assert guide.sections[0].step is None, "a short intro comes before the steps"
    assert len(guide.sections) == len(keys) + 1
    for step in guide.steps:
        assert 0 < len(step.title) < 60
        assert 1 <= len(step.blocks) <= 3


def test_comparison_has_every_section_in_order(library):
    guide = library.get("micro-jobs-vs-freelancing")
    assert [s.key for s in guide.sections] == COMPARISON_KEYS
    assert guide.steps == ()


def test_comparison_table_has_all_eight_features(library):
    section = library.get("micro-jobs-vs-freelancing").section("key-differences")
    tables = [b for b in section.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    table = tables[0]
    assert table.caption
    assert table.header == ("Feature", "Micro jobs", "Freelancing")
    assert [row[0] for row in table.rows] == TABLE_FEATURES
    assert all(len(row) == 3 and all(row) for row in table.rows)


@pytest.mark.parametrize(
    ("key", "count", "ordered"),
    [
        ("what-are-micro-jobs", 6, False),
        ("who-should-choose-micro-jobs", 4, False),
        ("what-is-freelancing", 6, False),
        ("who-should-choose-freelancing", 4, False),
        ("micro-jobs-advantages", 5, True),
        ("micro-jobs-disadvantages", 4, True),
        ("freelancing-advantages", 5, True),
        ("freelancing-disadvantages", 5, True),
        ("which-is-better", 3, False),
        ("long-term-income", 2, False),
    ],
)
def test_comparison_lists_keep_the_articles_counts(library, key, count, ordered):
    section = library.get("micro-jobs-vs-freelancing").section(key)
    lists = lists_in(section)
    assert len(lists) == 1
    assert len(lists[0].items) == count
    assert lists[0].ordered is ordered


def test_payout_examples_and_recommendation_are_kept(library):
    comparison = library.get("micro-jobs-vs-freelancing")
    for text in (
        section_text(comparison.section("what-are-micro-jobs")),
        section_text(library.step("micro-jobs", "cash-out")),
    ):
        assert "PayPal" in text
        assert "JazzCash" in text
    verdict = section_text(comparison.section("verdict")).lower()
    assert "start with micro jobs" in verdict
    assert "freelancing skill" in verdict


def test_section_keys_are_unique_and_well_formed(library):
    for guide in library.guides:
        keys = [s.key for s in guide.sections]
        assert len(keys) == len(set(keys)), guide.slug
        assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", k) for k in keys)
        assert all(s.blocks for s in guide.sections)


def test_text_is_plain(library):
    for guide in library.guides:
        for section in guide.sections:
            text = section_text(section)
            assert not re.search(r"[<>*`_\[\]]|https?:|www\.", text), (guide.slug, section.key)


def test_get_and_step_look_things_up(library):
    assert library.get("freelancing").title
    assert library.get("no-such-guide") is None
    step = library.step("micro-jobs", "cash-out")
    assert step.key == "cash-out"
    assert step.step == 3
    assert library.step("freelancing", "grow-client-base").step == 5
    assert library.step("micro-jobs", "intro") is None, "the intro is not a step"
    assert library.step("freelancing", "register") is None, "register belongs to micro jobs"
    assert library.step("cooking", "register") is None
    guide = library.get("micro-jobs")
    assert guide.section("register") is guide.steps[0]
    assert guide.section("nope") is None


def test_library_sorts_guides_by_order():
    def guide(slug: str, order: int) -> Guide:
        return Guide(slug, slug, "A guide.", order, None, ())

    library = Library((guide("b", 2), guide("a", 1)))
    assert [g.slug for g in library.guides] == ["a", "b"]
    assert library.get("b").order == 2


def test_content_objects_are_frozen(library):
    guide = library.get("micro-jobs-vs-freelancing")
    section = guide.section("key-differences")
    table = next(b for b in section.blocks if isinstance(b, Table))
    paragraph = next(b for b in section.blocks if isinstance(b, Paragraph))
    items = lists_in(guide.section("micro-jobs-advantages"))[0]
    for obj, name in [
        (library, "guides"),
        (guide, "title"),
        (section, "key"),
        (table, "rows"),
        (paragraph, "text"),
        (items, "items"),
    ]:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(obj, name, None)


# --- the parser on small inputs -----------------------------------------------------------

FRONT = ["---", "slug: sample", "title: Sample", "summary: A sample.", "order: 1", "---"]
STEP_FRONT = [*FRONT[:-1], "track: micro-jobs", "---"]


def text_of(*lines: str) -> str:
    """Join lines into file text; line N of the file is lines[N - 1]."""
    return "\n".join(lines) + "\n"


def test_parser_builds_blocks():
    text = text_of(
        *STEP_FRONT,
        "",
        "{#intro}",
        "## Welcome",
        "First line",
        "  and its continuation, fish &amp; chips \\*as is\\*.",
        "",
        "- one",
        "- two",
        "",
        "1. first",
        "2. second",
        "",
        '{caption="Caption here"}',
        "| A | B |",
        "| --- | --- |",
        "| x | y",
        "",
        "{#go .step}",
        "##   Go now  ",
        "Do it.",
        "",
        "{ .step  #then }",
        "## Then",
        "Done.",
    )
    guide = parse_guide(text, Path("sample.md"))
    assert guide.track == "micro-jobs"
    intro = guide.section("intro")
    assert intro.title == "Welcome"
    assert intro.step is None
    assert intro.blocks == (
        Paragraph("First line and its continuation, fish & chips *as is*."),
        ItemList(("one", "two"), ordered=False),
        ItemList(("first", "second"), ordered=True),
        Table("Caption here", ("A", "B"), (("x", "y"),)),
    )
    assert [(s.key, s.title, s.step) for s in guide.steps] == [
        ("go", "Go now", 1),
        ("then", "Then", 2),
    ]


def test_raw_html_in_a_file_stays_text():
    text = text_of(
        *FRONT,
        "",
        "{#intro}",
        "## A <em>title</em>",
        "<script>alert(1)</script>",
        "",
        '<div onclick="x()">Hi</div> and <b>bold</b>',
    )
    intro = parse_guide(text, Path("sample.md")).section("intro")
    assert intro.title == "A <em>title</em>"
    assert intro.blocks == (
        Paragraph("<script>alert(1)</script>"),
        Paragraph('<div onclick="x()">Hi</div> and <b>bold</b>'),
    )


def heading(attrs: str, title: str) -> list[str]:
    """A section heading with its attribute line above it."""
    return [f"{{{attrs}}}", f"## {title}"]


TABLE = ['{caption="T"}', "| A | B |", "| --- | --- |"]
# FRONT is lines 1-6, so GOOD_BODY puts the heading on line 9 and its text on line 10.
GOOD_BODY = ["", *heading("#intro", "Intro"), "Some text."]
AFTER = [*FRONT, *GOOD_BODY, ""]  # what follows starts on line 12

BROKEN = {
    "missing front matter": (
        ["slug: sample", *heading("#intro", "Intro"), "Text."],
        1,
        "missing front matter",
    ),
    "unclosed front matter": (
        ["---", "slug: sample", "title: Sample", *GOOD_BODY],
        1,
        "never closed",
    ),
    "front-matter line without colon": (
        [*FRONT[:3], "just words", *FRONT[3:], *GOOD_BODY],
        4,
        "not valid YAML",
    ),
    "colon in an unquoted value": (
        [*FRONT[:2], "title: A: B", *FRONT[3:], *GOOD_BODY],
        3,
        "not valid YAML",
    ),
    "front matter not a mapping": (["---", "- slug", "---", *GOOD_BODY], 2, "'key: value' lines"),
    "front-matter value not one line": (
        [*FRONT[:2], "title: [a, b]", *FRONT[3:]],
        3,
        "'title' needs a one-line value",
    ),
    "empty front-matter value": (
        [*FRONT[:2], "title:", *FRONT[3:], *GOOD_BODY],
        3,
        "'title' needs a one-line value",
    ),
    "unknown front-matter key": (
        [*FRONT[:4], "colour: red", *FRONT[4:], *GOOD_BODY],
        5,
        "unknown front-matter key 'colour'",
    ),
    "missing front-matter key": (
        [*FRONT[:3], *FRONT[4:], *GOOD_BODY],
        5,
        "missing front-matter key 'summary'",
    ),
    "duplicate front-matter key": (
        [*FRONT[:3], "title: Again", *FRONT[3:], *GOOD_BODY],
        4,
        "duplicate front-matter key 'title'",
    ),
    "bad order value": (
        [*FRONT[:4], "order: first", "---", *GOOD_BODY],
        5,
        "order must be a whole number",
    ),
    "bad slug": (
        ["---", "slug: Sample Guide", *FRONT[2:], *GOOD_BODY],
        2,
        "bad slug 'Sample Guide'",
    ),
    "bad track": ([*FRONT[:5], "track: cooking", "---", *GOOD_BODY], 6, "track must be one of"),
    "text before the first section": (
        [*FRONT, "", "Hello there.", *GOOD_BODY],
        8,
        "text before the first section",
    ),
    "section without a key": ([*FRONT, "", "## Intro", "Text."], 8, "section without a key"),
    "heading of the wrong level": (
        [*FRONT, "", "{#intro}", "# Intro", "Text."],
        9,
        "level-2 heading",
    ),
    "bad section key": (
        [*FRONT, "", *heading("#Intro_1", "Intro"), "Text."],
        9,
        "bad section key 'Intro_1'",
    ),
    "unknown section class": (
        [*FRONT, "", *heading("#intro .stpe", "Intro"), "Text."],
        9,
        "unknown section class 'stpe'",
    ),
    "unknown heading attribute": (
        [*FRONT, "", *heading("#intro lang=en", "Intro"), "Text."],
        9,
        "unknown attribute 'lang' on this heading",
    ),
    "event-handler attribute": (
        [*FRONT, "", *heading('#intro onclick="x()"', "I"), "Text."],
        9,
        "unknown attribute 'onclick' on this heading",
    ),
    "attribute line joined to the text": (
        [*FRONT, *GOOD_BODY, *heading("#b", "B"), "More."],
        11,
        "attributes not understood",
    ),
    "duplicate section key": (
        [*AFTER, *heading("#intro", "Again"), "More."],
        13,
        "duplicate section key 'intro'",
    ),
    "empty section": (
        [*FRONT, "", *heading("#a", "A"), "", *heading("#b", "B"), "Text."],
        9,
        "section 'a' is empty",
    ),
    "empty last section": ([*AFTER, *heading("#b", "B"), ""], 13, "section 'b' is empty"),
    "step without track": (
        [*AFTER, *heading("#go .step", "Go"), "Do it."],
        13,
        "step section in a guide without a track",
    ),
    "track without steps": ([*STEP_FRONT, *GOOD_BODY], 6, "no step sections"),
    "attributes on a paragraph": (
        [*AFTER, "{.note}", "Text."],
        13,
        "unknown attribute 'class' on this paragraph",
    ),
    "inline emphasis": ([*AFTER, "Some *strong* words."], 12, "inline markup (em)"),
    "inline link": ([*AFTER, "See [this](https://example.com)."], 12, "inline markup (link)"),
    "inline code": ([*AFTER, "Type `ls`."], 12, "inline markup (code_inline)"),
    "markup in a heading": (
        [*FRONT, "", *heading("#intro", "An *intro*"), "Text."],
        9,
        "inline markup (em)",
    ),
    "quote block": ([*AFTER, "> Quoted."], 12, "unsupported block (blockquote)"),
    "code block": ([*AFTER, "    indented code"], 12, "unsupported block (code_block)"),
    "thematic break": ([*AFTER, "***"], 12, "unsupported block (hr)"),
    "nested list": ([*AFTER, "- a", "  - b"], 12, "one paragraph"),
    "list item of two paragraphs": ([*AFTER, "- a", "", "  more", "- b"], 12, "one paragraph"),
    "numbered list not starting at 1": ([*AFTER, "3. c"], 12, "starts at 1"),
    "table without rows": ([*AFTER, *TABLE, "", "After."], 13, "at least one row"),
    "table header without a '---' line": (
        [*AFTER, '{caption="Small"}', "| A | B |"],
        13,
        "without a '| --- |' line",
    ),
    "table without caption": ([*AFTER, *TABLE[1:], "| x | y |"], 12, "table without a caption"),
    "unknown table attribute": (
        [*AFTER, '{caption="T" class=wide}', *TABLE[1:], "| x | y |"],
        13,
        "unknown attribute 'class' on this table",
    ),
    "row without a table": ([*AFTER, "| A | B |"], 12, "without a '| --- |' line"),
    "too few cells": ([*AFTER, *TABLE, "| x | y |", "| z |"], 16, "row has 1 cells, header 2"),
    "too many cells": ([*AFTER, *TABLE, "| x | y | z |"], 15, "row has 3 cells, header 2"),
    "empty cell": ([*AFTER, *TABLE, "| x |  |"], 15, "empty table cell"),
    "markup in a cell": ([*AFTER, *TABLE, "| x | *y* |"], 15, "inline markup (em)"),
    "bullet and numbered items mixed": ([*AFTER, "- a", "- b", "1. c"], 14, "mixing markers"),
    "numbered then bullet items": ([*AFTER, "1. a", "- b"], 13, "mixing markers"),
    "no sections at all": ([*FRONT, "", ""], 6, "no sections after the front matter"),
}


@pytest.mark.parametrize(("lines", "line", "reason"), BROKEN.values(), ids=BROKEN.keys())
def test_broken_file_names_file_and_line(tmp_path, lines, line, reason):
    (tmp_path / "broken.md").write_text(text_of(*lines), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_library(tmp_path)
    assert f"broken.md:{line}: " in str(caught.value)
    assert caught.value.line == line
    assert caught.value.path == tmp_path / "broken.md"
    assert caught.value.reason in str(caught.value)
    assert reason in caught.value.reason


def test_non_utf8_file_is_a_content_error(tmp_path):
    (tmp_path / "latin.md").write_bytes(text_of(*FRONT, *GOOD_BODY).encode() + b"caf\xe9\n")
    with pytest.raises(ContentError, match=r"latin\.md:1: .*UTF-8"):
        load_library(tmp_path)


def test_duplicate_slug_names_the_second_file(tmp_path):
    (tmp_path / "a.md").write_text(text_of(*FRONT, *GOOD_BODY), encoding="utf-8")
    (tmp_path / "b.md").write_text(text_of(*FRONT, *GOOD_BODY), encoding="utf-8")
    with pytest.raises(ContentError, match=r"b\.md:2: duplicate slug 'sample'"):
        load_library(tmp_path)


def test_duplicate_track_names_its_line_in_the_second_file(tmp_path):
    steps = [*GOOD_BODY, "", *heading("#go .step", "Go"), "Do it."]
    (tmp_path / "a.md").write_text(text_of(*STEP_FRONT, *steps), encoding="utf-8")
    other = [FRONT[0], "slug: other", *STEP_FRONT[2:]]
    (tmp_path / "b.md").write_text(text_of(*other, *steps), encoding="utf-8")
    with pytest.raises(ContentError, match=r"b\.md:6: duplicate track 'micro-jobs'"):
        load_library(tmp_path)


def test_line_numbers_hold_with_a_byte_order_mark_and_windows_line_ends(tmp_path):
    text = "\r\n".join([*FRONT, *GOOD_BODY, "", "Some *strong* words."])
    (tmp_path / "crlf.md").write_bytes(b"\xef\xbb\xbf" + text.encode())
    with pytest.raises(ContentError, match=r"crlf\.md:12: inline markup"):
        load_library(tmp_path)


def test_empty_folder_is_a_content_error(tmp_path):
    with pytest.raises(ContentError, match="no guide files"):
        load_library(tmp_path)


def test_loads_valid_files_from_any_folder(tmp_path):
    (tmp_path / "one.md").write_text(text_of(*FRONT, *GOOD_BODY), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a guide", encoding="utf-8")
    library = load_library(tmp_path)
    assert [g.slug for g in library.guides] == ["sample"]
    assert library.get("sample").section("intro").blocks == (Paragraph("Some text."),)


# --- the guides are in the project's own words ----------------------------------------------


def words(text: str) -> str:
    """Lowercase words separated by single spaces, so punctuation changes do not hide a copy."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'").replace("'", "")))


def test_no_article_sentence_is_copied():
    if not ARTICLE.is_file():
        pytest.skip(f"the source article is not beside this checkout ({ARTICLE})")
    pieces = re.split(r"(?<=[.?!])\s+|\n", ARTICLE.read_text(encoding="utf-8"))
    sentences = {words(p) for p in pieces if len(words(p).split()) >= 8}
    assert len(sentences) > 20, "the article should split into many sentences"
    content = f" {words(' '.join(p.read_text('utf-8') for p in CONTENT_DIR.glob('*.md')))} "
    copied = sorted(s for s in sentences if f" {s} " in content)
    assert copied == []
