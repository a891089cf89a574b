from __future__ import annotations

from spyglass.kb.yaml_loader import load_yaml_bytes


def codes(raw: bytes) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in load_yaml_bytes(raw, "f.yaml").diagnostics]


def test_scalars_stay_text_as_written() -> None:
    loaded = load_yaml_bytes(b"d: 2009-03-19\nn: NO\ne: 1e3\ni: 007\nt: true\nq: '~'\nz: ~\nx:\n", "f.yaml")
    assert loaded.data == {
        "d": "2009-03-19",
        "n": "NO",
        "e": "1e3",
        "i": "007",
        "t": "true",
        "q": "~",
        "z": None,
        "x": None,
    }
    assert loaded.diagnostics == []


def test_every_key_and_value_has_its_position() -> None:
    loaded = load_yaml_bytes(b"a:\n  b: c\n  d: [e, f]\n", "f.yaml")
    assert loaded.marks[("a", "d", 1)] == (3, 10)
    assert loaded.key_marks[("a", "d")] == (3, 3)
    assert loaded.mark(("a", "missing")) == (2, 3)


def test_bom_and_crlf_are_accepted() -> None:
    loaded = load_yaml_bytes(b"\xef\xbb\xbfa: 1\r\nb: two words\r\n", "f.yaml")
    assert loaded.data == {"a": "1", "b": "two words"}


def test_refusals_name_the_position() -> None:
    assert codes(b"id: x\nid: y\n") == [("SG104", 2, 1)]
    assert codes(b"a: &x 1\nb: *x\n") == [("SG105", 1, 4)]
    assert codes(b"a: *x\n") == [("SG105", 1, 4)]
    assert codes(b"a: !!str x\n") == [("SG106", 1, 4)]
    assert codes(b"a: !custom x\n") == [("SG106", 1, 4)]
    assert codes(b"a: 1\n---\nb: 2\n") == [("SG109", 2, 1)]
    assert codes(b"") == [("SG108", 1, 1)]
    assert codes(b"# only a comment\n") == [("SG108", 1, 1)]
    assert codes(b"a: b\n\xff\n") == [("SG101", 2, 1)]
    assert codes(b"a: b\x00c\n") == [("SG101", 1, 5)]
    assert codes(b"? [a]\n: b\n") == [("SG111", 1, 3)]


def test_a_python_tag_never_runs(tmp_path: object) -> None:
    loaded = load_yaml_bytes(b"a: !!python/object/apply:os.system ['exit 3']\n", "f.yaml")
    assert loaded.data is None
    assert [d.code for d in loaded.diagnostics] == ["SG106"]


def test_twenty_thousand_levels_of_nesting_stop_early() -> None:
    assert codes(b"[" * 20_000 + b"]" * 20_000) == [("SG107", 1, 1001)]  # libyaml's own cap comes first
    assert codes(b"a:\n" + b"".join(b"  " * i + b"- \n" for i in range(1, 50)))[0][0] == "SG107"


def test_a_file_over_the_limit_is_not_parsed() -> None:
    raw = b"quote: " + b"x" * (2 << 20)
    assert codes(raw) == [("SG102", 0, 0)]


def test_the_fast_path_reads_what_the_careful_path_reads() -> None:
    from pathlib import Path

    from spyglass.kb.yaml_loader import load_fast

    for path in sorted((Path(__file__).parent / "data" / "valid").glob("*/*.yaml")):
        raw = path.read_bytes()
        assert load_fast(raw) == load_yaml_bytes(raw, path.name).data, path.name


def test_the_fast_path_declines_what_needs_a_position() -> None:
    from spyglass.kb.yaml_loader import load_fast

    for raw in (b"a: 1\na: 2\n", b"a: &x 1\n", b"a: !!str 1\n", b"a: 1\n---\nb: 2\n", b"[" * 40 + b"]" * 40, b"\xff"):
        assert load_fast(raw) is None, raw
