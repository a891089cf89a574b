"""Human output of `sources` and `quote`: a source's record and coverage, and where a passage stands."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.text import Text

from spyglass.cli.render import _indented, claim_block, clean


def source_list(result: dict[str, Any]) -> list[RenderableType]:
    lines: list[RenderableType] = []
    for item in result["sources"]:
        line = Text(f"{item['id']}  ", style="bold")
        line.append(clean(item["title"]))
        details = [item["publisher"], item["published"], f"{item['claims']} claims"]
        line.append("  " + " · ".join(clean(d) for d in details if d), style="dim")
        lines.append(_indented(line, 0))
    return lines or [Text("No sources.")]


def source_detail(result: dict[str, Any]) -> list[RenderableType]:
    source = result["source"]
    lines: list[RenderableType] = [Text(clean(source["title"]), style="bold underline")]
    for key in ("id", "type", "authors", "publisher", "published", "url", "version", "licence", "reliability", "notes"):
        value = ", ".join(source[key]) if key == "authors" else source[key]
        if value:
            lines.append(_indented(Text(f"{key}: ", style="dim").append(clean(value)), 2))
    cover = result["coverage"]
    if cover is None:
        lines += [
            Text(""),
            Text("Coverage: its archived text is missing or altered; run: spyglass validate", style="bold"),
        ]
    else:
        lines += [
            Text(""),
            Text(
                f"Coverage: {cover['quoted']} of {cover['sentences']} sentences quoted ({cover['share']:.0%})",
                style="bold",
            ),
        ]
    for sentence in cover["unquoted"] if cover else []:
        lines.append(_indented(Text("not quoted: ", style="yellow").append(clean(sentence["text"])), 2))
    lines += [Text(""), Text(f"Claims citing it ({len(result['claims'])})", style="bold")]
    for claim in result["claims"]:
        lines += claim_block(claim, [], subject=True)
    return lines


def _at(where: dict[str, Any]) -> str:
    return f"{where['start']}-{where['end']} (line {where['line']}, column {where['column']})"


def quote_result(result: dict[str, Any]) -> list[RenderableType]:
    match = result["match"]
    if match:
        line = Text(f"Found in {result['source']} at {_at(match)}:")
        context = Text(clean(match["before"]), style="dim")
        context.append(clean(match["text"]), style="bold reverse")
        context.append(clean(match["after"]), style="dim")
        lines: list[RenderableType] = [line, _indented(context, 2)]
        if "parts" in match:
            for number, part in enumerate(match["parts"], 1):
                found = Text(f"part {number} at {_at(part)}: ")
                lines.append(_indented(found.append(clean(" ".join(part["text"].split())), style="italic"), 2))
        return lines
    near = result["near_match"]
    if near:
        shown = " ... ".join(" ".join(part["text"].split()) for part in near["parts"])
        line = Text(
            f"Not in {result['source']} as typed: found with different {result['differs_only_in']} at "
            f'{near["start"]}-{near["end"]}: "{clean(shown)}" in the text '
            f"(line {near['line']}, column {near['column']})",
            style="yellow",
        )
        return [_indented(line, 0)]
    lines = []
    if result["too_far_apart"]:
        limit = result["too_far_apart"][0]["limit"]
        head = f"Not found in {result['source']}: every part occurs, but not each within {limit} characters of the one before:"
        lines.append(_indented(Text(head, style="yellow"), 0))
        for gap in result["too_far_apart"]:
            line = Text(f'part {gap["part"]} "{clean(gap["text"])}" ')
            previous, following = gap["previous"], gap["next"]
            if previous is None or following is None:
                line.append(f'never occurs after part {gap["after_part"]} "{clean(gap["after_text"])}"')
            else:
                line.append(
                    f'cannot follow part {gap["after_part"]} "{clean(gap["after_text"])}": their nearest occurrences '
                    f"(at {previous['start']}-{previous['end']} and {following['start']}-{following['end']}) "
                    f"are {gap['apart']} characters apart; the limit is {gap['limit']}"
                )
            lines.append(_indented(line, 2))
        lines.append(Text("The closest passages:", style="yellow"))
    else:
        lines.append(Text(f"Not found in {result['source']}. The closest passages:", style="yellow"))
    for passage in result["closest"]:
        line = Text(f"{passage['similarity']:.0%} alike at {_at(passage)}: ")
        lines.append(_indented(line.append(clean(passage["text"]), style="italic"), 2))
    return lines
