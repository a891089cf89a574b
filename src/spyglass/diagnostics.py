"""Diagnostics are values: a rule code, where it happened, what is wrong and what to do."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    title: str
    hint: str


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: Severity
    file: str
    line: int  # 1-based; 0 when the problem has no position
    column: int  # 1-based; 0 when the problem has no position
    message: str
    hint: str

    def as_json(self) -> dict[str, object]:
        return asdict(self)


def _rules(*rows: tuple[str, Severity, str, str]) -> dict[str, Rule]:
    return {code: Rule(code, sev, title, hint) for code, sev, title, hint in rows}


# Stable rule codes: SG1xx YAML, SG2xx schema, SG3xx references, SG4xx evidence, SG5xx warnings.
RULES: dict[str, Rule] = _rules(
    ("SG101", "error", "file is not UTF-8 text", "Save the file as UTF-8 (a BOM and CRLF line ends are fine)."),
    ("SG102", "error", "file too large", "Split the record, or shorten its longest text."),
    ("SG103", "error", "YAML syntax error", "Fix the YAML at the position shown; quote strings holding ': ' or '#'."),
    ("SG104", "error", "duplicate key", "Keep one of the two keys; YAML would silently drop the other."),
    ("SG105", "error", "anchor or alias", "Write the value out in full; anchors and aliases are refused."),
    ("SG106", "error", "tag", "Remove the tag; records hold plain text, lists and mappings only."),
    ("SG107", "error", "nesting too deep", "Records nest a few levels at most; flatten the structure."),
    ("SG108", "error", "empty file", "Write the record, or delete the file."),
    ("SG109", "error", "more than one document", "Keep one record per file, with no second '---' document."),
    ("SG110", "error", "not a mapping", "A record is a mapping of keys to values at the top level."),
    ("SG111", "error", "key is not text", "Keys are plain words such as 'id' or 'claims'."),
    (
        "SG112",
        "error",
        "path leads outside the knowledge base",
        "Keep records and texts inside the knowledge base; no links out.",
    ),
    ("SG201", "error", "unknown key", "Remove the key or fix its spelling; the hint lists the keys allowed here."),
    ("SG202", "error", "missing required field", "Add the field."),
    ("SG203", "error", "wrong type", "Give the value the type shown."),
    ("SG204", "error", "value not allowed", "Use one of the allowed values shown."),
    ("SG205", "error", "unknown predicate", "Use a predicate of the vocabulary (README, 'Predicates')."),
    (
        "SG206",
        "error",
        "invalid EDTF date",
        "Write an EDTF level 1 date: 2009-03-19, 1968, 2004?, 198X, ../2004, 2003/2005.",
    ),
    (
        "SG207",
        "error",
        "invalid id",
        "Ids are lowercase slugs: letters, digits and '-', starting with a letter or digit.",
    ),
    ("SG208", "error", "id differs from file name", "Rename the file or change the id so that they match."),
    ("SG209", "error", "kind differs from folder", "Move the file to the folder of its kind, or fix 'kind'."),
    (
        "SG210",
        "error",
        "claim without evidence",
        "Give the claim at least one evidence entry with a source and a quote.",
    ),
    ("SG211", "error", "text too long", "Shorten the text; quote only the words that support the claim."),
    (
        "SG212",
        "error",
        "object or value misplaced",
        "Relations take 'object: <id>', attributes take 'value:'; see the predicate table.",
    ),
    (
        "SG213",
        "error",
        "file outside the layout",
        "Records live in sources/, agencies/, people/, targets/, methods/, events/, groups/, organisations/.",
    ),
    (
        "SG214",
        "error",
        "placeholder left in the record",
        "Replace the TODO with the claim's statement: what its quotes say, in your own neutral words.",
    ),
    ("SG301", "error", "duplicate id", "Ids are unique across the knowledge base; rename one of the records."),
    ("SG302", "error", "unknown source", "Cite a source id that has a record in sources/."),
    ("SG303", "error", "unknown object", "Point 'object' at the id of an entity in the knowledge base."),
    ("SG304", "error", "unknown speaker", "Give the speaker an entity record, or use 'speaker_description'."),
    (
        "SG305",
        "error",
        "predicate does not fit the subject",
        "Use a predicate whose subject kinds include this record's kind.",
    ),
    ("SG306", "error", "predicate does not fit the object", "Point the predicate at an entity of a kind it accepts."),
    (
        "SG307",
        "error",
        "speaker is not an actor",
        "A speaker is someone who speaks: a person, an agency, a group or an organisation.",
    ),
    ("SG308", "error", "duplicate claim id", "Claim ids are unique across the knowledge base."),
    (
        "SG309",
        "error",
        "speaker and speaker_description both given",
        "Name the speaker's entity, or describe a speaker who has none: one of the two.",
    ),
    (
        "SG401",
        "error",
        "archived text missing",
        "Put the archived text beside the source record under the name in 'text'.",
    ),
    (
        "SG402",
        "error",
        "archived text outside the knowledge base",
        "Keep the text beside its source record; no '..' and no links out.",
    ),
    ("SG403", "error", "sha256 mismatch", "Check the text, then copy its actual sha256 into the source record."),
    (
        "SG404",
        "error",
        "quote not in source",
        "Copy the quote from the archived text; the message shows the closest passage.",
    ),
    (
        "SG405",
        "error",
        "name not in any cited source",
        "Use a name as a cited source writes it, or cite a source that has it.",
    ),
    ("SG406", "error", "alias not in its quote", "An alias must occur in the quote that proves it."),
    ("SG407", "error", "archived text is not UTF-8", "Archive the text as UTF-8."),
    (
        "SG408",
        "error",
        "date not in its quotes",
        "The year, month and day of the date as written must each occur in a quote of the claim (a month by "
        "its English name, 'Mar.' or number; a day as a number); write only dates the source gives.",
    ),
    (
        "SG409",
        "error",
        "value not in its quotes",
        "A text value (role, location, mission, birthplace, size) must occur in a quote of its claim, as written there.",
    ),
    ("SG501", "warning", "entity without claims", "Add a claim with evidence, or remove the entity."),
    ("SG502", "warning", "source cited by no claim", "Cite the source from a claim, or remove it."),
    ("SG503", "warning", "dates out of order", "Check both dates against their quotes."),
    (
        "SG504",
        "warning",
        "ellipsis leaves out a negation",
        "Quote the words the '...' skips, or check that the claim still says what the text says.",
    ),
    (
        "SG505",
        "warning",
        "name shared by two entities",
        "If the two are one actor, link them with a same_as claim (or merge them); else make the names tell them apart.",
    ),
)


def article(word: str) -> str:
    """The word with 'a' or 'an' before it, as it sounds in most cases: `article('agency') == 'an agency'`."""
    return ("an " if word[:1].lower() in ("a", "e", "i", "o", "u") else "a ") + word


def did_you_mean(wrong: str, known: list[str], count: int = 3) -> str:
    """A hint's opening naming the known values closest to a mistyped one, best first, or ''."""
    import difflib

    close = difflib.get_close_matches(wrong, known, n=count)
    return f"Did you mean {' or '.join(repr(c) for c in close)}? " if close else ""


def make(code: str, file: str, line: int, column: int, message: str, hint: str = "") -> Diagnostic:
    """A Diagnostic for a rule; the rule's own hint unless a more precise one is given."""
    rule = RULES[code]
    return Diagnostic(code, rule.severity, file, line, column, message, hint or rule.hint)
