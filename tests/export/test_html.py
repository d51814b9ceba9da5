"""The HTML report on a small hand-made document whose articles, labels and reasons carry script payloads: the page
must parse, escape every one of them, and allow only its own inline style and script."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest

from xref.export import export
from xref.export.html import render_html

A, B, C = "a1a1a1a1a1a1", "b2b2b2b2b2b2", "c3c3c3c3c3c3"
NUMBER_FLAG, HEDGING_FLAG, OMISSION_FLAG = "f000000000001", "f000000000002", "f000000000003"
CLUSTER, UNIQUE_CLUSTER = "c000000000001", "c000000000002"

SCRIPT_PAYLOAD = "<script>alert(1)</script>"
IMG_PAYLOAD = "<img src=x onerror=\"window.__pwned=1;document.title='pwned'\">"
SVG_PAYLOAD = '"><svg onload=alert(2)>'
TEXTAREA_PAYLOAD = "</textarea>"
PAYLOADS = (SCRIPT_PAYLOAD, IMG_PAYLOAD, SVG_PAYLOAD, TEXTAREA_PAYLOAD)

HOSTILE_LABEL = f"Daily {SCRIPT_PAYLOAD} News"
HOSTILE_REASON = f"Daily News says 120 {IMG_PAYLOAD} where Wire says 300 {SCRIPT_PAYLOAD}."
HEDGING_REASON = "Wire hedges the figure (“about”) where Daily News states it."


def _sentence(source: str, index: int, text: str, sentence: str) -> dict:
    start = text.index(sentence)
    return {"source": source, "sentence": f"{source}:{index}", "start": start, "end": start + len(sentence)}


def _evidence(source: str, index: int, text: str, words: str) -> dict:
    start = text.index(words)
    return {"source": source, "sentence": f"{source}:{index}", "start": start, "end": start + len(words), "text": words}


def hostile_document() -> dict:
    """Three sources: A and B share a claim (two flags), C carries only a claim of its own and leaves theirs out.
    A's sentence, A's label, B's url, C's path, a flag reason and a warning all carry script payloads."""
    a_claim = f"The mayor said 120 people attended {IMG_PAYLOAD} {SCRIPT_PAYLOAD} {SVG_PAYLOAD} {TEXTAREA_PAYLOAD}."
    a_text = f"Headline.\n\n{a_claim}\n"
    b_claim = "Officials said about 300 people attended the meeting."
    b_again = "Around 300 came, officials repeated later."
    b_text = f"{b_claim} Other news. {b_again}"
    c_claim = "The Gazette alone reports that it rained all day."
    c_text = c_claim

    def member(source, index, text, sentence, similarity, unit=None):
        item = _sentence(source, index, text, sentence)
        unit_start = text.index(unit) if unit else item["start"]
        unit_end = unit_start + len(unit) if unit else item["end"]
        return {**item, "text": sentence, "similarity": similarity, "unit_start": unit_start, "unit_end": unit_end}

    number_flag = {
        "id": NUMBER_FLAG,
        "type": "number",
        "severity": "high",
        "reason": HOSTILE_REASON,
        "evidence": [_evidence(A, 1, a_text, "120"), _evidence(B, 0, b_text, "300")],
        "cluster": CLUSTER,
    }
    hedging_flag = {
        "id": HEDGING_FLAG,
        "type": "hedging",
        "severity": "medium",
        "reason": HEDGING_REASON,
        "evidence": [_evidence(B, 0, b_text, "about")],
        "cluster": CLUSTER,
    }
    omission_flag = {
        "id": OMISSION_FLAG,
        "type": "omission",
        "severity": "low",
        "reason": f"Gazette does not report the attendance, which {HOSTILE_LABEL} and Wire carry.",
        "evidence": [_evidence(A, 1, a_text, a_claim), _evidence(B, 0, b_text, b_claim)],
        "cluster": CLUSTER,
        "missing_source": C,
    }

    def source(source_id, label, text, origin, sentences):
        sentences = [[text.index(s), text.index(s) + len(s)] for s in sentences]
        return {
            "id": source_id,
            "label": label,
            **origin,
            "sha256": hashlib.sha256(text.encode()).hexdigest(),
            "title": None,
            "outlet": None,
            "published": None,
            "notes": [],
            "text": text,
            "removed_lines": [],
            "sentences": sentences,
        }

    return {
        "schema_version": "1.1",
        "xref_version": "0.1.0",
        "sources": [
            source(A, HOSTILE_LABEL, a_text, {"path": f"seeds/{TEXTAREA_PAYLOAD}a.txt"}, ["Headline.", a_claim]),
            source(B, "Wire", b_text, {"url": f"https://example.com/{SVG_PAYLOAD}"}, [b_claim, "Other news.", b_again]),
            source(C, "Gazette", c_text, {"path": "seeds/c.txt"}, [c_claim]),
        ],
        "stories": [{"id": "s000000000001", "sources": [A, B, C], "clusters": [CLUSTER, UNIQUE_CLUSTER]}],
        "clusters": [
            {
                "id": CLUSTER,
                "story": "s000000000001",
                "sources": [A, B],
                "members": [
                    member(A, 1, a_text, a_claim, 0.81),
                    member(B, 0, b_text, b_claim, 0.81, unit="about 300 people attended"),
                    member(B, 2, b_text, b_again, 0.62),
                ],
                "flags": [number_flag, hedging_flag],
            },
            {
                "id": UNIQUE_CLUSTER,
                "story": "s000000000001",
                "sources": [C],
                "members": [member(C, 0, c_text, c_claim, 1.0)],
                "flags": [],
            },
        ],
        "story_flags": [omission_flag],
        "source_overlap": [
            {
                "a": A,
                "b": B,
                "shared_sentences": 1,
                "a_sentences": 2,
                "b_sentences": 3,
                "pairs": [[f"{A}:1", f"{B}:0"]],
            },
            {"a": A, "b": C, "shared_sentences": 0, "a_sentences": 2, "b_sentences": 1, "pairs": []},
            {"a": B, "b": C, "shared_sentences": 0, "a_sentences": 3, "b_sentences": 1, "pairs": []},
        ],
        "skipped_sources": [{"input": f"broken{SVG_PAYLOAD}.html", "reason": "no article text found"}],
        "warnings": [f"Source {HOSTILE_LABEL} looks truncated."],
        "params": {"model": "all-MiniLM-L6-v2", "model_sha256": "0" * 64, "threshold": 0.4},
    }


VERDICTS = {
    NUMBER_FLAG: {
        "status": "accepted",
        "note": f"checked the audio {SCRIPT_PAYLOAD}",
        "reviewer": "ana",
        "created_at": "2026-11-25T10:00:00Z",
    }
}

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """What the tests look at: strict nesting, the raw inline blocks, marks, filter boxes and every attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.blocks: dict[str, list[str]] = {"script": [], "style": []}
        self.marks: list[dict] = []
        self.title = ""
        self._open_marks: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag in self.blocks:
            self.blocks[tag].append("")
        if tag == "mark":
            self._open_marks.append({"attrs": attributes, "text": ""})
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.errors.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag):
        if tag in VOID:
            self.errors.append(f"end tag of void </{tag}>")
        elif not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()
            if tag == "mark":
                self.marks.append(self._open_marks.pop())

    def handle_data(self, data):
        if self.stack and self.stack[-1] in self.blocks:
            self.blocks[self.stack[-1]][-1] += data
        if self.stack and self.stack[-1] == "title":
            self.title += data
        for mark in self._open_marks:
            mark["text"] += data


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


@pytest.fixture(scope="module")
def html_page() -> str:
    return render_html(hostile_document(), VERDICTS)


@pytest.fixture(scope="module")
def parsed(html_page) -> Page:
    return parse(html_page)


def _csp(parsed: Page) -> dict[str, str]:
    metas = [
        a
        for tag, a in parsed.tags
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    assert len(metas) == 1
    directives = [part.split(None, 1) for part in (metas[0]["content"] or "").split(";") if part.strip()]
    return {name: value.strip() for name, value in directives}


def _hash(block: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"


def test_page_parses_with_balanced_tags(html_page, parsed):
    assert html_page.startswith("<!DOCTYPE html>")
    assert parsed.errors == []
    assert parsed.stack == []
    assert parsed.title.startswith("xref report")


def test_only_the_page_s_own_script_and_no_active_attributes(html_page, parsed):
    assert len(re.findall(r"<script", html_page, flags=re.IGNORECASE)) == 1
    assert len(parsed.blocks["script"]) == 1
    assert len(re.findall(r"<(svg|img|iframe|textarea|object|embed|link|base|form)\b", html_page, re.IGNORECASE)) == 0
    for tag, attributes in parsed.tags:
        assert not [name for name in attributes if name.startswith("on")], tag
        assert "src" not in attributes, tag
        assert "style" not in attributes, tag  # inline style attributes would need 'unsafe-hashes'
        href = attributes.get("href")
        assert href is None or href.startswith("#"), href


def test_payloads_appear_escaped(html_page, parsed):
    for payload in PAYLOADS:
        assert payload not in html_page
    for payload in ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=&quot;window.__pwned=1;"):
        assert payload in html_page
    assert "&quot;&gt;&lt;svg onload=alert(2)&gt;" in html_page
    assert "&lt;/textarea&gt;" in html_page
    # Escaping round-trips: the exact hostile strings are what a reader sees.
    text = "".join(data for data in _texts(html_page))
    for payload in (
        HOSTILE_LABEL,
        HOSTILE_REASON,
        TEXTAREA_PAYLOAD,
        SVG_PAYLOAD,
        f"checked the audio {SCRIPT_PAYLOAD}",
    ):
        assert payload in text


def _texts(html_page: str) -> list[str]:
    found: list[str] = []

    class Text(HTMLParser):
        def handle_data(self, data):
            found.append(data)

    Text(convert_charrefs=True).feed(html_page)
    return found


def test_csp_allows_exactly_the_inline_blocks(parsed):
    policy = _csp(parsed)
    assert policy["default-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["form-action"] == "'none'"
    assert policy["img-src"] == "data:"
    assert "unsafe" not in " ".join(policy.values())
    (style,) = parsed.blocks["style"]
    (script,) = parsed.blocks["script"]
    assert policy["style-src"] == _hash(style)
    assert policy["script-src"] == _hash(script)


def test_script_is_the_same_for_every_document(parsed):
    other = render_html({**hostile_document(), "warnings": [], "story_flags": []}, {})
    assert parse(other).blocks["script"] == parsed.blocks["script"]
    assert parse(other).blocks["style"] == parsed.blocks["style"]


def test_marks_wrap_exactly_the_evidence_words(parsed):
    by_flags = sorted((m["attrs"]["data-flags"], m["text"]) for m in parsed.marks)
    assert by_flags == [(NUMBER_FLAG, "120"), (NUMBER_FLAG, "300"), (HEDGING_FLAG, "about")]
    classes = {m["text"]: m["attrs"]["class"] for m in parsed.marks}
    assert classes == {"120": "sev-high", "300": "sev-high", "about": "sev-medium"}


def test_filter_controls_list_the_flag_types_present(parsed):
    boxes = [a for tag, a in parsed.tags if tag == "input" and "data-filter-type" in a]
    assert sorted(a["value"] for a in boxes) == ["hedging", "number", "omission"]
    assert all("checked" in a and a["type"] == "checkbox" for a in boxes)
    selects = [a for tag, a in parsed.tags if tag == "select"]
    assert [a["id"] for a in selects] == ["min-severity"]
    options = [a["value"] for tag, a in parsed.tags if tag == "option"]
    assert options == ["low", "medium", "high"]


def test_flags_carry_type_severity_status_and_id(html_page, parsed):
    flags = {a["data-flag"]: a for tag, a in parsed.tags if "data-flag" in a}
    assert set(flags) == {NUMBER_FLAG, HEDGING_FLAG, OMISSION_FLAG}
    assert (flags[NUMBER_FLAG]["data-type"], flags[NUMBER_FLAG]["data-severity"]) == ("number", "high")
    assert (flags[HEDGING_FLAG]["data-type"], flags[HEDGING_FLAG]["data-severity"]) == ("hedging", "medium")
    assert flags[OMISSION_FLAG]["data-type"] == "omission"
    assert 'class="badge status status-accepted">accepted<' in html_page
    assert html_page.count('class="badge status status-open">open<') == 2
    for flag_id in (NUMBER_FLAG, HEDGING_FLAG, OMISSION_FLAG):
        assert f'<code class="id">{flag_id}</code>' in html_page


def test_claim_row_has_one_column_per_source_and_lists_several_wordings(html_page):
    row = html_page[html_page.index('<tbody class="claim" id="claim-1"') :]
    row = row[: row.index("</tbody>")]
    first = row[: row.index("</tr>")]
    assert first.count("<td") == 3  # A, B, and C's empty cell
    assert '<ul class="wordings"><li>' in first  # B's two wordings
    assert 'class="absent"' in first
    assert '<span class="unit">' in first  # B's matched clause is part of a longer sentence


def test_sections_and_sources_as_text_only(html_page):
    for anchor in ("sources", "claims", "coverage", "unique", "overlap", "omissions", "warnings"):
        assert f'<section id="{anchor}">' in html_page
    assert "https://example.com/&quot;&gt;&lt;svg" in html_page
    assert "The Gazette alone reports that it rained all day." in html_page
    assert "no article text found" in html_page
    assert '<td class="num">50%</td>' in html_page  # 1 shared of the shorter source's 2 sentences


def test_coverage_matrix(html_page):
    matrix = html_page[html_page.index('<table class="matrix">') :]
    matrix = matrix[: matrix.index("</table>")]
    body = matrix[matrix.index("<tbody>") : matrix.index("</tbody>")]
    assert body.count('class="yes"') == 2 and body.count('class="no"') == 1


def test_empty_document_and_exporter_registry():
    document = {**hostile_document(), "clusters": [], "story_flags": [], "source_overlap": [], "warnings": []}
    page = parse(render_html(document, {}))
    assert page.errors == [] and page.stack == []
    # Options meant for other exporters are accepted and ignored.
    assert export(hostile_document(), "html", author="Example Org").startswith("<!DOCTYPE html>")
