"""Write a synthetic knowledge base whose every quote, name and reference is real.

python bench/synthetic.py OUT --entities 5000 --claims 10 --sources 500
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
from pathlib import Path

WORDS = [
    "agency",
    "service",
    "bureau",
    "officer",
    "network",
    "source",
    "handler",
    "report",
    "cable",
    "station",
    "asset",
    "courier",
    "cover",
    "embassy",
    "ministry",
    "province",
    "harbour",
    "border",
    "archive",
    "signal",
    "liaison",
    "defector",
    "analyst",
    "operation",
    "budget",
    "training",
    "recruit",
    "visit",
    "conference",
    "journalist",
    "diplomat",
    "academic",
    "technology",
    "secret",
    "party",
]
KINDS = [("agency", "agencies", 0.4), ("person", "people", 0.2), ("target", "targets", 0.2), ("method", "methods", 0.2)]
RELATIONS = {
    "agency": [("targets", "target"), ("uses", "method"), ("cooperates_with", "agency")],
    "person": [("member_of", "agency"), ("targets", "target"), ("uses", "method")],
    "target": [],
    "method": [],
}


def sentence(rng: random.Random, name: str) -> str:
    words = rng.choices(WORDS, k=rng.randint(10, 18))
    at = rng.randint(0, len(words))
    return " ".join([*words[:at], name, *words[at:]]).capitalize() + "."


def build(out: Path, entities: int, claims: int, sources: int, seed: int = 7) -> dict[str, int]:
    """Write the knowledge base into `out` (replaced); returns counts of what was written."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    folders = {kind: out / folder for kind, folder, _ in KINDS}
    for folder in [*folders.values(), out / "sources"]:
        folder.mkdir(parents=True)
    plan: list[tuple[str, str, str]] = []  # (id, kind, name)
    for kind, _, share in KINDS:
        for n in range(int(entities * share)):
            plan.append((f"{kind}-{n}", kind, f"{kind.capitalize()} {n} {rng.choice(WORDS).upper()}"))
    by_kind: dict[str, list[str]] = {}
    for entity_id, kind, _ in plan:
        by_kind.setdefault(kind, []).append(entity_id)
    texts: list[list[str]] = [[] for _ in range(sources)]
    records: list[tuple[str, str, str, list[tuple[str, str | None, str, int]]]] = []
    for i, (entity_id, kind, name) in enumerate(plan):
        source = i % sources
        items = []
        for c in range(claims):
            line = sentence(rng, name)
            texts[source].append(line)
            options = RELATIONS[kind]
            if options and c % 2:
                predicate, object_kind = rng.choice(options)
                items.append((predicate, rng.choice(by_kind[object_kind]), line, source))
            else:
                items.append(("states", None, line, source))
        records.append((entity_id, kind, name, items))
    counts = {"sources": sources, "entities": len(records), "claims": 0}
    for s, lines in enumerate(texts):
        text = "\n\n".join(" ".join(lines[j : j + 4]) for j in range(0, len(lines), 4)) + "\n"
        (out / "sources" / f"source-{s}.txt").write_text(text, encoding="utf-8")
        digest = hashlib.sha256(text.encode()).hexdigest()
        (out / "sources" / f"source-{s}.yaml").write_text(
            f"id: source-{s}\ntype: report\ntitle: Synthetic report {s}\npublisher: Bench Press {s % 50}\n"
            f'published: "20{s % 25:02d}-0{1 + s % 9}-1{s % 10}"\ntext: source-{s}.txt\nsha256: {digest}\nreliability: C\n',
            encoding="utf-8",
        )
    for entity_id, kind, name, items in records:
        lines = [
            f"id: {entity_id}",
            f"kind: {kind}",
            f"name: {name}",
            f"summary: A synthetic {kind} for benchmarks.",
            "claims:",
        ]
        for predicate, target, quote, source in items:
            lines.append(f"  - predicate: {predicate}")
            if target:
                lines.append(f"    object: {target}")
            lines += [
                f"    statement: {name} is described in synthetic report {source}.",
                "    evidence:",
                f"      - source: source-{source}",
                f"        quote: {quote}",
                "        speaker: agency-0",
                '        credibility: "3"',
                f"      - source: source-{source}",
                f"        quote: {quote.split()[0]} ... {quote.split()[-1]}",
            ]
            counts["claims"] += 1
        (folders[kind] / f"{entity_id}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--entities", type=int, default=5000)
    parser.add_argument("--claims", type=int, default=10)
    parser.add_argument("--sources", type=int, default=500)
    args = parser.parse_args()
    print(build(args.out, args.entities, args.claims, args.sources))


if __name__ == "__main__":
    main()
