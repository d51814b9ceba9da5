"""A comparison as one self-contained HTML page: sources, shared claims side by side with the flagged words
highlighted, flags with their review status, coverage, unique claims, source overlap, omissions and warnings.

The page is built for hostile input: article text comes from anywhere, so every string from the document is escaped,
and a Content-Security-Policy allows only the page's own inline style and script (by hash). The script carries no
document data (it reads ``data-`` attributes), so its hash never changes and nothing from an article reaches script
context.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise

SEVERITIES = ("high", "medium", "low")
_RANK = {"low": 1, "medium": 2, "high": 3}
# Characters of a claim's first wording shown in the coverage matrix.
EXCERPT = 90

STYLE = """
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa;
  --high: #b42318; --high-bg: #fee4e2; --medium: #93370d; --medium-bg: #fef0c7; --low: #344054; --low-bg: #eaecf0;
  --mark: #fde68a; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0 auto; max-width: 1400px; padding: 1rem 1.5rem 3rem; color: var(--ink); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.6rem; margin: .5rem 0; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; padding-bottom: .25rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
p.note, .muted-text { color: var(--muted); }
code, .id { font: .85em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--muted);
  overflow-wrap: anywhere; }
nav ul { list-style: none; padding: 0; margin: .5rem 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
a { color: #0b5cad; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
thead th { background: var(--soft); font-weight: 600; }
table.claims { table-layout: fixed; min-width: 720px; }
table.claims col.num { width: 6.5rem; }
table.claims td { overflow-wrap: break-word; }
tbody.claim { border-top: 2px solid #8c959f; }
th.claim-num { font-weight: 600; white-space: nowrap; }
th.claim-num .meta, th.claim-num .id { display: block; font-weight: 400; font-size: .75em; color: var(--muted); }
code.id { white-space: nowrap; overflow-wrap: normal; }
td.absent { color: var(--muted); text-align: center; background: var(--soft); }
ul.wordings { margin: 0; padding-left: 1.1rem; }
ul.wordings li + li { margin-top: .35rem; }
p.wording { margin: 0; }
.unit { font-weight: 600; }
mark { background: var(--mark); color: inherit; padding: 0 .1em; border-radius: 2px; }
mark.sev-high { background: #fecdca; box-shadow: inset 0 -2px 0 var(--high); }
mark.sev-medium { background: var(--mark); box-shadow: inset 0 -2px 0 #dc6803; }
mark.sev-low { background: #e4e7ec; box-shadow: inset 0 -2px 0 #98a2b3; }
mark.muted { background: transparent; box-shadow: none; }
tr.flags-row td { background: #fcfcfd; }
ul.flags { list-style: none; margin: 0; padding: 0; }
ul.flags li { margin: .2rem 0; padding: .2rem .4rem; border-left: 4px solid var(--line); }
ul.flags li.sev-high { border-left-color: var(--high); }
ul.flags li.sev-medium { border-left-color: #dc6803; }
ul.flags li.sev-low { border-left-color: #98a2b3; }
.badge { display: inline-block; padding: 0 .4em; border-radius: 3px; font-size: .8em; font-weight: 600;
  border: 1px solid var(--line); background: var(--soft); white-space: nowrap; }
.badge.sev-high { color: var(--high); background: var(--high-bg); border-color: #fda29b; }
.badge.sev-medium { color: var(--medium); background: var(--medium-bg); border-color: #fedf89; }
.badge.sev-low { color: var(--low); background: var(--low-bg); border-color: #d0d5dd; }
.badge.status { font-weight: 400; }
.badge.status-accepted { color: #085d3a; background: #dcfae6; border-color: #abefc6; }
.badge.status-rejected, .badge.status-dismissed { color: var(--muted); text-decoration: line-through; }
.verdict { color: var(--muted); font-size: .9em; }
.evidence { color: var(--muted); font-size: .9em; }
.controls { position: sticky; top: 0; z-index: 1; background: #fff; border: 1px solid var(--line);
  border-radius: 6px; padding: .5rem .75rem; margin: 1rem 0; display: flex; flex-wrap: wrap; gap: .4rem 1.2rem;
  align-items: center; }
.controls fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .2rem .9rem; }
.controls legend { float: left; font-weight: 600; margin-right: .6rem; padding: 0; }
.controls label { white-space: nowrap; }
table.matrix { width: auto; }
table.matrix tbody th { font-weight: 400; min-width: 16rem; max-width: 36rem; }
table.matrix td.yes { text-align: center; color: #085d3a; font-weight: 700; }
table.matrix td.no { text-align: center; color: #c4c9d0; }
table.matrix tfoot td, table.matrix tfoot th { background: var(--soft); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
ol.unique li { margin: .2rem 0; }
ul.warnings li { color: var(--medium); }
footer { margin-top: 2.5rem; border-top: 1px solid var(--line); color: var(--muted); font-size: .85em; }
footer dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; }
footer dt { font-weight: 600; }
footer dd { margin: 0; overflow-wrap: anywhere; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  .controls, nav { display: none; }
  a { color: inherit; text-decoration: none; }
  tbody.claim, li, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  mark, .badge, td.absent, thead th { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""

SCRIPT = """
"use strict";
(() => {
  const rank = { low: 1, medium: 2, high: 3 };
  const boxes = Array.from(document.querySelectorAll("input[data-filter-type]"));
  const select = document.getElementById("min-severity");
  const counter = document.getElementById("flags-shown");
  const apply = () => {
    const unchecked = new Set(boxes.filter((box) => !box.checked).map((box) => box.value));
    const minimum = rank[select ? select.value : "low"] || 1;
    const hidden = new Set();
    const flags = Array.from(document.querySelectorAll("[data-flag]"));
    for (const flag of flags) {
      const keep = !unchecked.has(flag.dataset.type) && (rank[flag.dataset.severity] || 0) >= minimum;
      flag.hidden = !keep;
      if (!keep) hidden.add(flag.dataset.flag);
    }
    for (const row of document.querySelectorAll("tr.flags-row")) {
      row.hidden = !row.querySelector("[data-flag]:not([hidden])");
    }
    for (const mark of document.querySelectorAll("mark[data-flags]")) {
      mark.classList.toggle("muted", mark.dataset.flags.split(" ").every((id) => hidden.has(id)));
    }
    if (counter) counter.textContent = `${flags.length - hidden.size} of ${flags.length} flags shown`;
  };
  for (const box of boxes) box.addEventListener("change", apply);
  if (select) select.addEventListener("change", apply);
  apply();
})();
"""


def _source_hash(block: str) -> str:
    """A CSP hash source for an inline block: base64 of the SHA-256 of its exact text, as the browser hashes it."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(block.encode("utf-8")).digest()).decode("ascii") + "'"


# Nothing but the page's own style and script may run; data: images only so a printed or saved page never fetches.
CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src {_source_hash(STYLE)}; script-src {_source_hash(SCRIPT)}; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)


def _e(value: object) -> str:
    """Any value from the document, escaped for text and for quoted attributes alike."""
    return html.escape("" if value is None else str(value), quote=True)


def _token(value: object, allowed: Iterable[str] = (), default: str = "other") -> str:
    """A value made safe as a class-name token: kept only when allowed (or, without a list, when plain)."""
    text = str(value or "").lower()
    allowed = tuple(allowed)
    if allowed:
        return text if text in allowed else default
    return text if re.fullmatch(r"[a-z0-9_-]{1,40}", text) else default


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


@dataclass
class _Page:
    """What every section needs: the document, lookups and the review verdicts."""

    document: dict
    verdicts: Mapping[str, dict]
    sources: list[dict] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    shared: list[dict] = field(default_factory=list)
    single: list[dict] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, document: dict, verdicts: Mapping[str, dict]) -> _Page:
        sources = list(document.get("sources") or [])
        counts: dict[str, int] = {}
        for source in sources:
            counts[source.get("label", "")] = counts.get(source.get("label", ""), 0) + 1
        # Two sources may carry the same label; the id prefix keeps their columns apart.
        labels = {
            s["id"]: (s.get("label") or s["id"])
            if counts[s.get("label", "")] == 1
            else f"{s.get('label')} ({s['id'][:6]})"
            for s in sources
        }
        clusters = list(document.get("clusters") or [])
        shared = [c for c in clusters if len(set(c.get("sources") or [])) >= 2]
        single = [c for c in clusters if len(set(c.get("sources") or [])) < 2]
        numbers = {c["id"]: n for n, c in enumerate(shared, start=1)}
        return cls(document, verdicts, sources, labels, shared, single, numbers)

    def label(self, source_id: str) -> str:
        return self.labels.get(source_id, source_id)

    def status(self, flag_id: str) -> str:
        verdict = self.verdicts.get(flag_id) or {}
        return str(verdict.get("status") or "open")

    def all_flags(self) -> list[dict]:
        return [f for c in self.document.get("clusters") or [] for f in c.get("flags") or []] + list(
            self.document.get("story_flags") or []
        )


def render_html(document: dict, verdicts: Mapping[str, dict], *, title: str | None = None, **_options) -> str:
    """The document as one HTML5 page that needs nothing else: no external assets, no network, works offline.

    ``verdicts`` maps flag id to ``{"status", "note", "reviewer", "created_at"}``; a flag without one is open.
    Options other exporters take (``author``...) are accepted and ignored, so one call can serve every format.
    """
    page = _Page.of(document, verdicts or {})
    heading = title or f"xref report: {_plural(len(page.sources), 'source')} compared"
    body = [
        f"<header>\n<h1>{_e(heading)}</h1>\n{_summary(page)}\n{_nav(page)}\n</header>",
        _sources_section(page),
        _controls(page),
        _claims_section(page),
        _coverage_section(page),
        _unique_section(page),
        _overlap_section(page),
        _omissions_section(page),
        _warnings_section(page),
        _footer(page),
    ]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_e(CONTENT_SECURITY_POLICY)}">',
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="color-scheme" content="light">',
            f'<meta name="generator" content="xref {_e(document.get("xref_version", ""))}">',
            f"<title>{_e(heading)}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            *[part for part in body if part],
            f"<script>{SCRIPT}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _summary(page: _Page) -> str:
    flags = page.all_flags()
    by_severity = {s: sum(1 for f in flags if f.get("severity") == s) for s in SEVERITIES}
    stories = len(page.document.get("stories") or [])
    severity_text = ", ".join(f"{count} {severity}" for severity, count in by_severity.items() if count)
    return (
        f'<p class="summary">{_plural(len(page.sources), "source")}, '
        f"{_plural(stories, 'story', 'stories')}: {_plural(len(page.shared), 'claim')} shared by two or more sources, "
        f"{len(page.single)} found in one source only; {_plural(len(flags), 'flag')}"
        f"{f' ({severity_text})' if severity_text else ''}.</p>"
    )


def _nav(page: _Page) -> str:
    links = [("sources", "Sources"), ("claims", "Shared claims")]
    if page.shared:
        links.append(("coverage", "Coverage"))
    links += [("unique", "Unique claims"), ("overlap", "Source overlap"), ("omissions", "Omissions")]
    if page.document.get("warnings"):
        links.append(("warnings", "Warnings"))
    items = "".join(f'<li><a href="#{anchor}">{text}</a></li>' for anchor, text in links)
    return f'<nav aria-label="Sections"><ul>{items}</ul></nav>'


def _sources_section(page: _Page) -> str:
    rows = []
    for source in page.sources:
        # Shown as text only: the report must never load or link to anything the document names.
        origin = source.get("url") or source.get("path") or ""
        details = [
            _e(v) for v in (source.get("title"), source.get("outlet"), source.get("published")) if v not in (None, "")
        ]
        notes = "".join(f"<li>{_e(note)}</li>" for note in source.get("notes") or [])
        removed = len(source.get("removed_lines") or [])
        rows.append(
            "<tr>"
            f'<th scope="row">{_e(page.label(source["id"]))}</th>'
            f'<td><code class="id">{_e(source["id"])}</code></td>'
            f"<td>{' · '.join(details)}{f'<ul>{notes}</ul>' if notes else ''}</td>"
            f'<td class="num">{len(source.get("sentences") or [])}</td>'
            f'<td class="num">{removed}</td>'
            f"<td><code>{_e(origin)}</code></td>"
            "</tr>"
        )
    for skipped in page.document.get("skipped_sources") or []:
        rows.append(
            '<tr class="skipped"><th scope="row">skipped</th><td></td>'
            f'<td colspan="3">{_e(skipped.get("reason"))}</td><td><code>{_e(skipped.get("input"))}</code></td></tr>'
        )
    return (
        '<section id="sources">\n<h2>Sources</h2>\n<div class="scroll"><table class="sources">\n'
        "<thead><tr><th>label</th><th>id</th><th>title · outlet · published</th><th>sentences</th>"
        "<th>furniture removed</th><th>from</th></tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody></table></div>\n</section>"
    )


def _controls(page: _Page) -> str:
    flags = page.all_flags()
    counts: dict[str, int] = {}
    for flag in flags:
        counts[str(flag.get("type"))] = counts.get(str(flag.get("type")), 0) + 1
    boxes = "".join(
        f'<label><input type="checkbox" data-filter-type value="{_e(kind)}" checked> {_e(kind)} ({count})</label>'
        for kind, count in sorted(counts.items())
    )
    options = "".join(
        f'<option value="{severity}"{" selected" if severity == "low" else ""}>{severity}</option>'
        for severity in reversed(SEVERITIES)
    )
    types = (
        f"<fieldset><legend>Flag types</legend>{boxes}</fieldset>"
        if boxes
        else '<span class="muted-text">No flags.</span>'
    )
    return (
        f'<div class="controls" role="group" aria-label="Filter flags">{types}'
        f'<label>Minimum severity <select id="min-severity">{options}</select></label>'
        f'<output id="flags-shown" class="muted-text">{_plural(len(flags), "flag")}</output></div>'
    )


def _claims_section(page: _Page) -> str:
    parts = ['<section id="claims">', "<h2>Shared claims</h2>"]
    if not page.shared:
        parts.append('<p class="note">No claim is shared by two or more sources.</p>')
        return "\n".join([*parts, "</section>"])
    parts.append(
        '<p class="note">Each row is one claim, with each source\'s wording side by side; highlighted words are what '
        "a flag points at, and the matched clause of a longer sentence is in bold.</p>"
    )
    stories = list(page.document.get("stories") or [])
    known = {s.get("id") for s in stories}
    groups = [(story, [c for c in page.shared if c.get("story") == story.get("id")]) for story in stories]
    # A claim whose story is missing still gets shown, against every source.
    stray = [c for c in page.shared if c.get("story") not in known]
    if stray:
        groups.append(({"id": None, "sources": [s["id"] for s in page.sources]}, stray))
    groups = [(story, clusters) for story, clusters in groups if clusters]
    for number, (story, clusters) in enumerate(groups, start=1):
        columns = list(dict.fromkeys(story.get("sources") or []))
        for cluster in clusters:
            columns.extend(s for s in cluster.get("sources") or [] if s not in columns)
        if len(groups) > 1:
            parts.append(f"<h3>Story {number}: {_e(', '.join(page.label(s) for s in columns))}</h3>")
        parts.append(_claims_table(page, columns, clusters))
    return "\n".join([*parts, "</section>"])


def _claims_table(page: _Page, columns: list[str], clusters: list[dict]) -> str:
    head = "".join(f'<th scope="col">{_e(page.label(s))}</th>' for s in columns)
    rows = []
    for cluster in clusters:
        number = page.numbers[cluster["id"]]
        members = cluster.get("members") or []
        flags = cluster.get("flags") or []
        similarities = [m["similarity"] for m in members if isinstance(m.get("similarity"), int | float)]
        similarity = f"similarity {sum(similarities) / len(similarities):.2f}" if similarities else ""
        cells = []
        for source_id in columns:
            own = [m for m in members if m.get("source") == source_id]
            if not own:
                cells.append(
                    f'<td class="absent"><span title="not carried by {_e(page.label(source_id))}">—</span></td>'
                )
            elif len(own) == 1:
                cells.append(f'<td><p class="wording">{_wording(own[0], flags)}</p></td>')
            else:
                items = "".join(f"<li>{_wording(m, flags)}</li>" for m in own)
                cells.append(f'<td><ul class="wordings">{items}</ul></td>')
        meta = f"{_plural(len(set(cluster.get('sources') or [])), 'source')}<br>{similarity}"
        if flags:
            meta += f"<br>{_plural(len(flags), 'flag')}"
        rows.append(
            f'<tbody class="claim" id="claim-{number}" data-cluster="{_e(cluster["id"])}">'
            f'<tr><th scope="row" class="claim-num">{number}<span class="meta">{meta}</span>'
            f'<span class="id">{_e(cluster["id"])}</span></th>{"".join(cells)}</tr>'
            + (
                f'<tr class="flags-row"><td colspan="{len(columns) + 1}">{_flag_list(page, flags)}</td></tr>'
                if flags
                else ""
            )
            + "</tbody>"
        )
    return (
        f'<div class="scroll"><table class="claims"><colgroup><col class="num">'
        f"{'<col>' * len(columns)}</colgroup>\n"
        f'<thead><tr><th scope="col">claim</th>{head}</tr></thead>\n' + "\n".join(rows) + "\n</table></div>"
    )


def _wording(member: dict, flags: list[dict]) -> str:
    """A member's sentence, escaped piece by piece, with the words each flag's evidence points at inside ``<mark>``
    and the matched clause emphasised when it is only part of the sentence."""
    text = str(member.get("text") or "")
    base = int(member.get("start") or 0)
    size = len(text)
    spans: list[tuple[int, int, dict]] = []
    for flag in flags:
        for item in flag.get("evidence") or []:
            if item.get("source") != member.get("source"):
                continue
            start, end = max(0, int(item["start"]) - base), min(size, int(item["end"]) - base)
            if start < end:
                spans.append((start, end, flag))
    unit = None
    unit_start, unit_end = member.get("unit_start"), member.get("unit_end")
    if isinstance(unit_start, int) and isinstance(unit_end, int) and (unit_start, unit_end) != (base, base + size):
        unit = (max(0, unit_start - base), min(size, unit_end - base))
    cuts = {0, size}
    for start, end, _flag in spans:
        cuts.update((start, end))
    if unit:
        cuts.update(unit)
    out: list[str] = []
    current: tuple[str, ...] = ()
    for start, end in pairwise(sorted(cuts)):
        covering = [flag for s, e, flag in spans if s <= start and end <= e]
        ids = tuple(dict.fromkeys(str(f.get("id")) for f in covering))
        if ids != current:
            if current:
                out.append("</mark>")
            if ids:
                worst = max((_RANK.get(str(f.get("severity")), 0) for f in covering), default=0)
                severity = next((s for s, r in _RANK.items() if r == worst), "other")
                label = "; ".join(dict.fromkeys(f"{f.get('type')} · {f.get('severity')}" for f in covering))
                out.append(f'<mark class="sev-{severity}" data-flags="{_e(" ".join(ids))}" title="{_e(label)}">')
            current = ids
        piece = _e(text[start:end])
        out.append(f'<span class="unit">{piece}</span>' if unit and unit[0] <= start and end <= unit[1] else piece)
    if current:
        out.append("</mark>")
    return "".join(out)


def _flag_list(page: _Page, flags: list[dict]) -> str:
    return '<ul class="flags">' + "".join(_flag_item(page, flag) for flag in flags) + "</ul>"


def _flag_attributes(flag: dict) -> str:
    """What the filter script reads: the flag's id, type and severity, as data attributes only."""
    return (
        f'data-flag="{_e(flag.get("id"))}" data-type="{_e(flag.get("type"))}" '
        f'data-severity="{_e(flag.get("severity"))}"'
    )


def _badges(page: _Page, flag: dict) -> str:
    severity = _token(flag.get("severity"), SEVERITIES)
    status = page.status(str(flag.get("id")))
    return (
        f'<span class="badge type">{_e(flag.get("type"))}</span> '
        f'<span class="badge sev-{severity}">{_e(flag.get("severity"))}</span> '
        f'<span class="badge status status-{_token(status)}">{_e(status)}</span>'
    )


def _verdict(page: _Page, flag: dict) -> str:
    verdict = page.verdicts.get(str(flag.get("id"))) or {}
    parts = [_e(verdict[key]) for key in ("reviewer", "created_at") if verdict.get(key)]
    if verdict.get("note"):
        parts.append(f"“{_e(verdict['note'])}”")
    return f' <span class="verdict">({" · ".join(parts)})</span>' if parts else ""


def _flag_item(page: _Page, flag: dict) -> str:
    severity = _token(flag.get("severity"), SEVERITIES)
    evidence = "; ".join(
        f"{_e(page.label(str(item.get('source'))))}: “{_e(item.get('text'))}”" for item in flag.get("evidence") or []
    )
    return (
        f'<li class="flag sev-{severity}" id="flag-{_e(flag.get("id"))}" {_flag_attributes(flag)}>'
        f'{_badges(page, flag)} <span class="reason">{_e(flag.get("reason"))}</span>{_verdict(page, flag)} '
        f'<code class="id">{_e(flag.get("id"))}</code>'
        + (f'<div class="evidence">{evidence}</div>' if evidence else "")
        + "</li>"
    )


def _excerpt(cluster: dict) -> str:
    members = cluster.get("members") or []
    text = " ".join(str(members[0].get("text") or "").split()) if members else ""
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


def _coverage_section(page: _Page) -> str:
    if not page.shared:
        return ""
    head = "".join(f'<th scope="col">{_e(page.label(s["id"]))}</th>' for s in page.sources)
    rows = []
    carried = {s["id"]: 0 for s in page.sources}
    for cluster in page.shared:
        number = page.numbers[cluster["id"]]
        present = set(cluster.get("sources") or [])
        cells = []
        for source in page.sources:
            if source["id"] in present:
                carried[source["id"]] += 1
                cells.append('<td class="yes" title="carried">✓</td>')
            else:
                cells.append('<td class="no" title="not carried">·</td>')
        rows.append(
            f'<tr><th scope="row"><a href="#claim-{number}">{number}</a> '
            f'<span class="muted-text">{_e(_excerpt(cluster))}</span></th>{"".join(cells)}</tr>'
        )
    unique = {s["id"]: 0 for s in page.sources}
    for cluster in page.single:
        for source_id in set(cluster.get("sources") or []):
            if source_id in unique:
                unique[source_id] += 1
    totals = "".join(f'<td class="num">{carried[s["id"]]}</td>' for s in page.sources)
    uniques = "".join(f'<td class="num">{unique[s["id"]]}</td>' for s in page.sources)
    return (
        '<section id="coverage">\n<h2>Coverage</h2>\n'
        '<p class="note">Which source carries which shared claim.</p>\n'
        f'<div class="scroll"><table class="matrix"><thead><tr><th scope="col">claim</th>{head}</tr></thead>\n'
        "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n"
        f'<tfoot><tr><th scope="row">shared claims carried</th>{totals}</tr>'
        f'<tr><th scope="row">claims only this source carries</th>{uniques}</tr></tfoot>'
        "</table></div>\n</section>"
    )


def _unique_section(page: _Page) -> str:
    by_source: dict[str, list[dict]] = {}
    for cluster in page.single:
        sources = cluster.get("sources") or [m.get("source") for m in cluster.get("members") or []][:1]
        if sources:
            by_source.setdefault(sources[0], []).append(cluster)
    parts = ['<section id="unique">', "<h2>Claims unique to one source</h2>"]
    if not by_source:
        parts.append('<p class="note">Every claim is carried by two or more sources.</p>')
    order = [s["id"] for s in page.sources] + [s for s in by_source if s not in page.labels]
    for source_id in order:
        clusters = by_source.get(source_id)
        if not clusters:
            continue
        items = []
        for cluster in clusters:
            flags = cluster.get("flags") or []
            for member in cluster.get("members") or []:
                items.append(f"<li>{_wording(member, flags)}</li>")
            if flags:
                items.append(f"<li>{_flag_list(page, flags)}</li>")
        parts.append(f'<h3>{_e(page.label(source_id))} <span class="muted-text">({len(clusters)})</span></h3>')
        parts.append(f'<ol class="unique">{"".join(items)}</ol>')
    return "\n".join([*parts, "</section>"])


def _overlap_section(page: _Page) -> str:
    rows = []
    for overlap in page.document.get("source_overlap") or []:
        shared = overlap.get("shared_sentences") or 0
        smaller = min(overlap.get("a_sentences") or 0, overlap.get("b_sentences") or 0)
        share = f"{100 * shared / smaller:.0f}%" if smaller else "—"
        rows.append(
            f"<tr><td>{_e(page.label(str(overlap.get('a'))))}</td><td>{_e(page.label(str(overlap.get('b'))))}</td>"
            f'<td class="num">{_e(shared)}</td>'
            f'<td class="num">{_e(overlap.get("a_sentences"))} / {_e(overlap.get("b_sentences"))}</td>'
            f'<td class="num">{share}</td></tr>'
        )
    body = (
        '<div class="scroll"><table class="overlap"><thead><tr><th>source</th><th>source</th>'
        "<th>shared sentences</th><th>of</th><th>of the shorter</th></tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody></table></div>"
        if rows
        else '<p class="note">No source pairs to compare.</p>'
    )
    return (
        '<section id="overlap">\n<h2>Source overlap</h2>\n'
        '<p class="note">Sentences two sources share verbatim or nearly: wire copy is not independent '
        "confirmation.</p>\n" + body + "\n</section>"
    )


def _omissions_section(page: _Page) -> str:
    flags = list(page.document.get("story_flags") or [])
    parts = ['<section id="omissions">', "<h2>Omissions</h2>"]
    if not flags:
        parts.append('<p class="note">No source leaves out a claim most others carry.</p>')
        return "\n".join([*parts, "</section>"])
    parts.append('<p class="note">Claims most sources carry that one source leaves out.</p>')
    rows = []
    for flag in flags:
        number = page.numbers.get(str(flag.get("cluster")))
        claim = f'<a href="#claim-{number}">{number}</a>' if number else _e(flag.get("cluster"))
        carriers = ", ".join(dict.fromkeys(page.label(str(e.get("source"))) for e in flag.get("evidence") or []))
        severity = _token(flag.get("severity"), SEVERITIES)
        rows.append(
            f'<tr class="flag sev-{severity}" id="flag-{_e(flag.get("id"))}" {_flag_attributes(flag)}>'
            f"<td>{_e(page.label(str(flag.get('missing_source', ''))))}</td><td>{claim}</td><td>{_e(carriers)}</td>"
            f'<td>{_badges(page, flag)} <span class="reason">{_e(flag.get("reason"))}</span>{_verdict(page, flag)}</td>'
            f'<td><code class="id">{_e(flag.get("id"))}</code></td></tr>'
        )
    parts.append(
        '<div class="scroll"><table class="omissions"><thead><tr><th>missing from</th><th>claim</th>'
        "<th>carried by</th><th>flag</th><th>id</th></tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody></table></div>"
    )
    return "\n".join([*parts, "</section>"])


def _warnings_section(page: _Page) -> str:
    warnings = page.document.get("warnings") or []
    if not warnings:
        return ""
    items = "".join(f"<li>{_e(w)}</li>" for w in warnings)
    return f'<section id="warnings">\n<h2>Warnings</h2>\n<ul class="warnings">{items}</ul>\n</section>'


def _footer(page: _Page) -> str:
    params = page.document.get("params") or {}
    rows = [("xref", page.document.get("xref_version")), ("schema", page.document.get("schema_version"))]
    rows += list(params.items())
    items = "".join(f"<dt>{_e(key)}</dt><dd>{_e(value)}</dd>" for key, value in rows if value not in (None, ""))
    return f"<footer>\n<h2>Parameters</h2>\n<dl>{items}</dl>\n</footer>"
