"""Human output: the only module that imports rich. Record text is always text, never markup."""

from __future__ import annotations

import io
import re
import sys
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.text import Text

from spyglass.text.printable import printable

STATUS_STYLE = {"corroborated": "bold green", "single": "yellow", "contested": "bold red"}


def clean(text: object) -> str:
    """Record text made safe for a terminal (see printable)."""
    return printable(text)


def console(stderr: bool = False) -> Console:
    """A console that parses no markup and honours NO_COLOR (rich reads it itself)."""
    return Console(stderr=stderr, markup=False, emoji=False, highlight=False, soft_wrap=False)


def _terms(query: str | None) -> list[str]:
    if not query:
        return []
    return [t.strip('"*').casefold() for t in re.findall(r'"[^"]*"|\S+', query) if t.strip('"*')]


def _highlighted(text: str, terms: list[str], style: str = "") -> Text:
    """Text with every occurrence of the query's terms (any case, word starts) in reverse video."""
    out = Text(clean(text), style=style)
    for term in terms:
        for match in re.finditer(r"(?<!\w)" + re.escape(term), out.plain, flags=re.IGNORECASE):
            out.stylize("reverse bold", match.start(), match.end())
    return out


class _Indented:
    """A line wrapped to the console's width, every wrapped part indented alike, no trailing spaces."""

    def __init__(self, text: Text, indent: int) -> None:
        self.text, self.indent = text, indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.text.wrap(console, max(options.max_width - self.indent, 20)):
            line.rstrip()
            yield Text(" " * self.indent) + line


def _indented(text: Text, indent: int) -> _Indented:
    return _Indented(text, indent)


def evidence_lines(evidence: list[dict[str, Any]], terms: list[str], indent: int = 6) -> list[RenderableType]:
    """Each piece of evidence: the quote, then who said it, where, when, the grade, the offsets."""
    lines: list[RenderableType] = []
    for item in evidence:
        quote = Text("✗ disputes: “" if item["stance"] == "disputes" else "“", style="dim")
        quote.append_text(_highlighted(item["quote"], terms, "italic"))
        quote.append("”", style="dim")
        lines.append(_indented(quote, indent))
        voice = (
            f"{item['source_publisher']}, in its own voice"
            if item.get("source_publisher")
            else "the source's own voice"
        )
        who = item["speaker_name"] or item["speaker_description"] or voice
        line = Text("— ", style="dim")
        line.append(clean(who), style="cyan")
        line.append(", in ", style="dim")
        line.append(clean(item["source_title"] or item["source"]))
        if item.get("source_published"):
            line.append(f" ({clean(item['source_published'])})")
        line.append(f" [{item['source']} {item['start']}-{item['end']}]", style="dim")
        if item.get("locator"):
            line.append(f", {clean(item['locator'])}")
        if item["grade"]:
            line.append(f" grade {item['grade']}", style="magenta")
        lines.append(_indented(line, indent + 2))
    return lines


def claim_block(claim: dict[str, Any], terms: list[str], subject: bool = False) -> list[RenderableType]:
    """A claim: its statement and status, then every piece of its evidence."""
    head = Text("• ")
    if subject:
        head.append(clean(claim["subject_name"] or claim["subject"]), style="bold")
        head.append(f" {claim['predicate']} ", style="dim")
        if claim["object"]:
            head.append(clean(claim["object_name"] or claim["object"]), style="bold")
            head.append(": ", style="dim")
    head.append_text(_highlighted(claim["statement"], terms))
    if claim["value"] and claim["predicate"] not in ("states",):
        head.append(f"  [{clean(claim['value'])}]", style="blue")
    if claim["when"]:
        head.append(f"  (when: {clean(claim['when'])})", style="blue")
    head.append(f"  {claim['status']}", style=STATUS_STYLE[claim["status"]])
    return [_indented(head, 2), *evidence_lines(claim["evidence"], terms)]


_SECTION_HEADINGS = {
    "units": "Units",
    "members": "Members and heads",
    "groups": "Groups",
    "fronts": "Fronts",
    "events": "Events that concern it",
    "other": "Other claims that point here",
}


def show_profile(profile: dict[str, Any]) -> list[RenderableType]:
    """A profile: one actor, though several records (a `same_as` cluster) may hold it."""
    title = Text(clean(profile["name"]), style="bold underline")
    title.append(f"  {profile['kind']} · id {profile['id']}", style="dim")
    lines: list[RenderableType] = [title]
    several = len(profile["members"]) > 1
    if several:
        lines.append(Text(f"One actor under {len(profile['members'])} records:", style="dim"))
        for member in profile["members"]:
            line = Text(f"  • {clean(member['name'])}  ").append(f"{member['kind']} · id {member['id']}", style="dim")
            lines.append(_indented(line.append(f" · {clean(member['file'])}", style="dim"), 0))
    if profile["summary"]:
        summary = Text("Curator's summary (not a quote): ", style="dim italic")
        summary.append(clean(profile["summary"]))
        lines.append(_indented(summary, 0))
    if profile["aliases"]:
        lines += [Text(""), Text("Also called", style="bold")]
        for claim in profile["aliases"]:
            line = Text(f"  • {clean(claim['value'])}  ")
            if several:
                line.append(f"(of {clean(claim['subject_name'] or claim['subject'])}) ", style="dim")
            lines.append(line.append(claim["status"], style=STATUS_STYLE[claim["status"]]))
            lines += evidence_lines(claim["evidence"], [])
    lines += _contested(profile)
    apart = {item["predicate"] for item in profile["contested"]} | ({"employs"} if profile["sections"] else set())
    predicate = None
    for claim in profile["claims"]:
        if claim["predicate"] in apart:
            continue  # shown under Contested, or with the members
        if claim["predicate"] != predicate:
            predicate = claim["predicate"]
            lines += [Text(""), Text(predicate.replace("_", " "), style="bold")]
        lines += claim_block(claim, [], subject=several)
    pointing = [(_SECTION_HEADINGS[k], c) for k, c in profile["sections"].items()] if profile["sections"] else []
    for heading, claims in [
        ("Same actor as", profile["same_as"]),
        *(pointing or [("Claims of others that point here", profile["mentions"])]),
        ("Claims this entity is quoted for", profile["said"]),
    ]:
        if claims:
            lines += [Text(""), Text(heading, style="bold")]
            for claim in claims:
                lines += claim_block(claim, [], subject=True)
                if len(claim.get("subject_cluster", ())) > 1:
                    others = ", ".join(i for i in claim["subject_cluster"] if i != claim["subject"])
                    lines.append(_indented(Text(f"one actor with: {others}", style="dim"), 6))
    if profile["further_reading"]:
        lines += [Text(""), Text("Further reading (not evidence)", style="bold")]
        lines += [Text("  " + clean(url)) for url in profile["further_reading"]]
    return lines


def _contested(profile: dict[str, Any]) -> list[RenderableType]:
    """Each attribute the members disagree on, every value side by side with the claims saying it."""
    if not profile["contested"]:
        return []
    by_id = {claim["id"]: claim for claim in profile["claims"]}
    lines: list[RenderableType] = [Text(""), Text("Contested", style="bold red")]
    for item in profile["contested"]:
        lines.append(
            Text(f"  {item['predicate'].replace('_', ' ')}: ", style="bold").append(
                " or ".join(clean(v["value"]) for v in item["values"]), style="red"
            )
        )
        for value in item["values"]:
            for claim_id in value["claims"]:
                claim = by_id[claim_id]
                head = Text(f"    • {clean(value['value'])}", style="blue")
                head.append(f", of {clean(claim['subject_name'] or claim['subject'])}: ", style="dim")
                head.append(clean(claim["statement"]))
                lines.append(_indented(head.append(f"  {claim['status']}", style=STATUS_STYLE[claim["status"]]), 0))
                lines += evidence_lines(claim["evidence"], [], indent=8)
    return lines


def search_hits(result: dict[str, Any]) -> list[RenderableType]:
    terms = _terms(result["query"])
    if not result["hits"]:
        return [Text(f"No hits for {clean(result['query'])!r}.")]
    lines: list[RenderableType] = []
    for number, hit in enumerate(result["hits"], 1):
        head = Text(f"{number}. ")
        head.append(clean(hit["name"]), style="bold")
        head.append(
            f"  {hit['kind']} · {hit['entity']} · matched its {hit['match']['field']} · score {hit['score']:.1f}",
            style="dim",
        )
        lines.append(head)
        if len(hit["cluster"]) > 1:
            others = ", ".join(i for i in hit["cluster"] if i != hit["entity"])
            lines.append(_indented(Text(f"one actor with: {others}", style="dim"), 2))
        for claim in hit["claims"]:
            lines += claim_block(claim, terms, subject=claim["subject"] != hit["entity"])
    return lines


def claim_list(claims: list[dict[str, Any]], empty: str) -> list[RenderableType]:
    if not claims:
        return [Text(empty)]
    lines: list[RenderableType] = []
    for claim in claims:
        lines += claim_block(claim, [], subject=True)
    return lines


def timeline(claims: list[dict[str, Any]]) -> list[RenderableType]:
    if not claims:
        return [Text("No dated claims.")]
    lines: list[RenderableType] = []
    heading = None
    for claim in claims:
        date = claim["when"] or claim["value"]
        if date != heading:  # claims of one date stand together under it
            lines.append(Text(clean(date), style="bold blue"))
            heading = date
        lines += claim_block(claim, [], subject=True)
    return lines


def emit(lines: list[RenderableType], page: bool = False) -> None:
    """Print to stdout; a long answer goes through the pager when stdout is a terminal."""
    out = console()
    if page and out.is_terminal and len(lines) > out.height:
        buffer = io.StringIO()
        Console(
            file=buffer,
            width=out.width,
            markup=False,
            emoji=False,
            highlight=False,
            force_terminal=True,
            no_color=out.no_color,
        ).print(*lines, sep="\n")
        with out.pager(styles=True):
            out.file.write(buffer.getvalue())
        return
    out.print(*lines, sep="\n")


def warn(message: str) -> None:
    """One line on stderr, plain."""
    sys.stderr.write(f"spyglass: warning: {clean(message)}\n")
