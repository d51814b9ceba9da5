"""Terminal and plain-text rendering of a :class:`~xref.pipeline.Comparison` (rich)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from xref.pipeline import Comparison
    from xref.types import Cluster, Evidence, Member

# Above this many sources a claim is shown as a list of wordings rather than one column per source.
MAX_SIDE_BY_SIDE = 5
FLAG_STYLE = "bold reverse"
SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "dim"}
# Characters of context shown either side of a flag's evidence.
CONTEXT = 60


def short_labels(comparison: Comparison) -> dict[str, str]:
    """Source id -> label, made unique where two sources carry the same label."""
    counts: dict[str, int] = {}
    for source in comparison.sources:
        counts[source.label] = counts.get(source.label, 0) + 1
    return {s.id: s.label if counts[s.label] == 1 else f"{s.label} ({s.id[:6]})" for s in comparison.sources}


def _wording(member: Member, *, highlight: bool, flagged: list[Evidence] = ()) -> Text:
    """The member's sentence, with the clause that matched emphasised when it is only part of it, and the words
    flags point at highlighted."""
    text = Text(member.text)
    if highlight and (member.unit_start, member.unit_end) != (member.start, member.end):
        text.stylize("bold", member.unit_start - member.start, member.unit_end - member.start)
    for item in flagged:
        if item.sentence == member.sentence:
            text.stylize(FLAG_STYLE, item.start - member.start, item.end - member.start)
    return text


def _cell(members: list[Member], flagged: list[Evidence] = ()) -> list[Text]:
    """One source's wordings of a claim; several get bullets so their boundaries show."""
    wordings = [_wording(m, highlight=True, flagged=flagged) for m in members]
    if len(wordings) > 1:
        wordings = [Text.assemble("• ", w) for w in wordings]
    return wordings


def _mean_similarity(cluster: Cluster) -> float:
    return sum(m.similarity for m in cluster.members) / len(cluster.members)


def render(comparison: Comparison, console: Console) -> None:
    labels = short_labels(comparison)
    shared = comparison.shared_clusters
    single = comparison.single_source_clusters
    console.print(
        f"[bold]xref[/bold] compared {len(comparison.sources)} sources: "
        f"{len(comparison.stories)} stor{'y' if len(comparison.stories) == 1 else 'ies'}, "
        f"{len(shared)} claims shared by two or more sources, {len(single)} found in one source only."
    )
    console.print(_sources_table(comparison, labels))
    if len(comparison.sources) == 2:
        _render_alignment(comparison, console, labels)
    else:
        _render_claims(comparison, console, labels)
    _render_flags(comparison, console, labels)
    _render_unique(comparison, console, labels)
    console.print(_overlap_table(comparison, labels))


def _sources_table(comparison: Comparison, labels) -> Table:
    table = Table(title="Sources", box=box.SIMPLE, title_justify="left")
    for column in ("label", "id", "sentences", "furniture removed", "from"):
        table.add_column(column)
    counts: dict[str, int] = {}
    for sentence in comparison.sentences:
        counts[sentence.source] = counts.get(sentence.source, 0) + 1
    for source in comparison.sources:
        table.add_row(
            labels[source.id], source.id, str(counts.get(source.id, 0)), str(len(source.removed_lines)), source.origin
        )
    for skipped in comparison.skipped_sources:
        table.add_row("[dim]skipped[/dim]", "", "", "", f"{skipped.input}: {skipped.reason}")
    return table


def _render_claims(comparison: Comparison, console: Console, labels) -> None:
    shared = comparison.shared_clusters
    if not shared:
        console.print("No claim is shared by two or more sources.")
        return
    story_count = len(comparison.stories)
    numbers = claim_numbers(comparison)
    for story_number, story in enumerate(comparison.stories, start=1):
        story_clusters = [c for c in shared if c.story == story.id]
        if not story_clusters:
            continue
        title = (
            "Shared claims"
            if story_count == 1
            else (f"Story {story_number}: shared claims ({', '.join(labels[s] for s in story.sources)})")
        )
        if len(story.sources) <= MAX_SIDE_BY_SIDE:
            table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", show_lines=True)
            table.add_column("#", justify="right", no_wrap=True)
            for source_id in story.sources:
                table.add_column(labels[source_id], ratio=1)
            for cluster in story_clusters:
                number = numbers[cluster.id]
                flagged = [e for f in cluster.flags for e in f.evidence]
                cells = []
                for source_id in story.sources:
                    wordings = _cell([m for m in cluster.members if m.source == source_id], flagged)
                    cells.append(Group(*wordings) if wordings else Text("—", style="dim"))
                flag_note = f"\n[bold]{len(cluster.flags)} flag{'s' if len(cluster.flags) != 1 else ''}[/bold]"
                table.add_row(
                    f"{number}\n[dim]{len(cluster.sources)} src\n{_mean_similarity(cluster):.2f}[/dim]"
                    + (flag_note if cluster.flags else ""),
                    *cells,
                )
            console.print(table)
        else:
            console.print(f"[bold]{title}[/bold]")
            for cluster in story_clusters:
                number = numbers[cluster.id]
                console.print(
                    f"[bold]{number}.[/bold] {len(cluster.sources)} sources, "
                    f"similarity {_mean_similarity(cluster):.2f} [dim]{cluster.id}[/dim]"
                )
                for member in cluster.members:
                    console.print(Text.assemble(f"   {labels[member.source]}: ", _wording(member, highlight=True)))


def _render_alignment(comparison: Comparison, console: Console, labels) -> None:
    a, b = (s.id for s in comparison.sources)
    table = Table(
        title=f"Matched claims: {labels[a]} ↔ {labels[b]}", box=box.SIMPLE_HEAD, title_justify="left", show_lines=True
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(labels[a], ratio=1)
    table.add_column("sim", justify="center", no_wrap=True)
    table.add_column(labels[b], ratio=1)
    numbers = claim_numbers(comparison)
    for cluster in comparison.shared_clusters:
        flagged = [e for f in cluster.flags for e in f.evidence]
        left = _cell([m for m in cluster.members if m.source == a], flagged)
        right = _cell([m for m in cluster.members if m.source == b], flagged)
        table.add_row(str(numbers[cluster.id]), Group(*left), f"{_mean_similarity(cluster):.2f}", Group(*right))
    if comparison.shared_clusters:
        console.print(table)
    else:
        console.print("No claim is shared by the two sources.")


def _render_unique(comparison: Comparison, console: Console, labels) -> None:
    by_source: dict[str, list[Member]] = {}
    for cluster in comparison.single_source_clusters:
        by_source.setdefault(cluster.sources[0], []).extend(cluster.members)
    if not by_source:
        return
    table = Table(title="Claims only one source carries", box=box.SIMPLE, title_justify="left")
    table.add_column("source", no_wrap=True)
    table.add_column("wording", ratio=1)
    for source in comparison.sources:
        for index, member in enumerate(by_source.get(source.id, [])):
            table.add_row(labels[source.id] if index == 0 else "", member.text)
        if source.id in by_source:
            table.add_section()
    console.print(table)


def _overlap_table(comparison: Comparison, labels) -> Table:
    table = Table(
        title="Source overlap: sentences shared verbatim or nearly (wire copy is not independent confirmation)",
        box=box.SIMPLE,
        title_justify="left",
    )
    for column in ("source", "source", "shared sentences", "of"):
        table.add_column(column)
    for overlap in comparison.source_overlap:
        style = "bold" if overlap.shared_sentences else "dim"
        table.add_row(
            labels[overlap.a],
            labels[overlap.b],
            f"[{style}]{overlap.shared_sentences}[/{style}]",
            f"{overlap.a_sentences} / {overlap.b_sentences}",
        )
    return table


def claim_numbers(comparison: Comparison) -> dict[str, int]:
    """Shared claims numbered in display order, one sequence across stories, so flags can refer to them."""
    return {c.id: n for n, c in enumerate(comparison.shared_clusters, start=1)}


def _render_flags(comparison: Comparison, console: Console, labels) -> None:
    numbers = claim_numbers(comparison)
    flagged = [c for c in comparison.shared_clusters if c.flags]
    if not flagged and not comparison.story_flags:
        return
    total = sum(len(c.flags) for c in flagged)
    console.print(f"[bold]Flags[/bold]: {total} where sources tell a shared claim differently")
    plain = console.no_color or console.color_system is None
    for cluster in flagged:
        for flag in cluster.flags:
            console.print(
                Text.assemble(
                    (f"  claim {numbers[cluster.id]} · ", "bold"),
                    (f"{flag.type} · {flag.severity}", SEVERITY_STYLE[flag.severity]),
                    f": {flag.reason}  ",
                    (flag.id, "dim"),
                )
            )
            for item in flag.evidence:
                label = labels.get(item.source, item.source)
                console.print(Text.assemble(f"      {label}: ", _context(cluster, item, plain)))
    if comparison.story_flags:
        table = Table(
            title="Coverage gaps: claims most sources carry that a source leaves out (omission, low)",
            box=box.SIMPLE,
            title_justify="left",
        )
        table.add_column("missing from", no_wrap=True)
        table.add_column("claim", justify="right", no_wrap=True)
        table.add_column("carried by")
        for flag in comparison.story_flags:
            carried = ", ".join(dict.fromkeys(labels.get(e.source, e.source) for e in flag.evidence))
            table.add_row(
                labels.get(flag.missing_source or "", flag.missing_source or ""),
                str(numbers.get(flag.cluster or "", "")),
                carried,
            )
        console.print(table)


def _context(cluster: Cluster, item: Evidence, plain: bool) -> Text:
    """The evidence inside its sentence, trimmed to some context either side, the evidence highlighted (and
    bracketed in plain output, where no highlight shows)."""
    member = next((m for m in cluster.members if m.sentence == item.sentence), None)
    if member is None:
        return Text(f"“{item.text}”")
    before = member.text[: item.start - member.start]
    after = member.text[item.end - member.start :]
    if len(before) > CONTEXT:
        before = "…" + before[-CONTEXT:].lstrip()
    if len(after) > CONTEXT:
        after = after[:CONTEXT].rstrip() + "…"
    middle = f"[{item.text}]" if plain else item.text
    return Text.assemble(before, (middle, FLAG_STYLE), after)
