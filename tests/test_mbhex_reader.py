"""The independent .hex reader (tests/mbhex_reader.py) against what micropython-microbit-fs
builds, and against filesystems written by hand the way the firmware writes them."""

from __future__ import annotations

import importlib.util
import re
import sys
from functools import cache
from pathlib import Path

import micropython_microbit_fs as mbfs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

_spec = importlib.util.spec_from_file_location(
    "mbhex_reader", Path(__file__).with_name("mbhex_reader.py")
)
reader = importlib.util.module_from_spec(_spec)
sys.modules.setdefault(_spec.name, reader)  # dataclasses look their module up there
_spec.loader.exec_module(reader)

VERSIONS = (1, 2)


@cache
def runtime(version: int) -> str:
    return mbfs.get_bundled_hex(version).content


@cache
def runtime_flash(version: int) -> dict[int, int]:
    return reader.read_flash(runtime(version))


def build(version: int, files: dict[str, bytes]) -> str:
    return mbfs.add_files(
        runtime(version), [mbfs.File(name=n, content=c) for n, c in files.items()]
    )


def chunks_needed(name: str, content: bytes) -> int:
    # first chunk holds end_offset, name_len and the name; data that ends exactly at a chunk's
    # end is followed by an empty chunk (what the firmware's writer does)
    return (2 + len(name.encode()) + len(content)) // reader.DATA_PER_CHUNK + 1


def to_hex(flash: dict[int, int]) -> str:
    """A minimal Intel HEX writer (04 + 00 records, 16 bytes a line) for hand-made images."""

    def record(rtype: int, address: int, payload: bytes) -> str:
        body = bytes([len(payload), address >> 8 & 0xFF, address & 0xFF, rtype]) + payload
        return ":" + (body + bytes([-sum(body) & 0xFF])).hex().upper()

    lines, upper = [], None
    addresses = sorted(flash)
    i = 0
    while i < len(addresses):
        start = addresses[i]
        run = [flash[start]]
        while (
            len(run) < 16
            and i + len(run) < len(addresses)
            and addresses[i + len(run)] == start + len(run)
            and (start + len(run)) >> 16 == start >> 16
        ):
            run.append(flash[start + len(run)])
        if start >> 16 != upper:
            upper = start >> 16
            lines.append(record(4, 0, upper.to_bytes(2, "big")))
        lines.append(record(0, start & 0xFFFF, bytes(run)))
        i += len(run)
    lines.append(":00000001FF")
    return "\n".join(lines) + "\n"


def with_chunks(version: int, chunks: dict[int, bytes], base: dict[int, int] | None = None):
    """The runtime's flash with the given 128-byte chunks written in (index -> bytes)."""
    flash = dict(runtime_flash(version) if base is None else base)
    layout = reader.find_filesystem(flash)
    flash[layout.persistent_page] = reader.PERSISTENT
    for index, data in chunks.items():
        assert len(data) == reader.CHUNK_SIZE
        for j, b in enumerate(data):
            flash[layout.chunk_address(index) + j] = b
    return flash


def chunk(marker: int, data: bytes, nxt: int = 0xFF) -> bytes:
    assert len(data) <= reader.DATA_PER_CHUNK
    return bytes([marker]) + data.ljust(reader.DATA_PER_CHUNK, b"\xff") + bytes([nxt])


def head(name: bytes, end_offset: int) -> bytes:
    return bytes([end_offset, len(name)]) + name


# --- layout ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "page", "base", "count", "persistent"),
    [
        # V1: runtime ends at UICR pages_used (226) * 1 KiB = 0x38800; calibration page
        # 0x3FC00, persistent page below it; 224 chunks of 128 bytes in between
        (1, 1024, 0x38800, 224, 0x3F800),
        # V2: filesystem region 0x6D000..0x73000 in the flash regions table; its last 4 KiB
        # page is the persistent page; 160 chunks
        (2, 4096, 0x6D000, 160, 0x72000),
    ],
)
def test_filesystem_layout_read_from_the_hex(version, page, base, count, persistent):
    layout = reader.find_filesystem(runtime_flash(version))
    assert layout == reader.FsLayout(version, page, base, count, persistent)
    assert reader.read_files(runtime(version)) == {}


def test_persistent_page_at_the_bottom_shifts_the_chunks_one_page_up():
    # after a sweep the firmware keeps its spare page first: chunks then start a page higher
    flash = dict(runtime_flash(2))
    flash[0x6D000] = reader.PERSISTENT
    layout = reader.find_filesystem(flash)
    assert (layout.chunk_base, layout.chunk_count, layout.persistent_page) == (
        0x6E000,
        160,
        0x6D000,
    )
    name = b"low.py"
    flash.pop(0x72000, None)  # no marker on the top page
    for j, b in enumerate(chunk(reader.FILE_START, head(name, 2 + len(name) + 3) + b"abc")):
        flash[0x6E000 + j] = b
    assert reader.read_files(to_hex(flash)) == {"low.py": b"abc"}


def test_hex_without_micropython_layout_data_is_refused():
    flash = {a: b for a, b in runtime_flash(2).items() if not 0x67000 <= a < 0x68000}
    with pytest.raises(ValueError, match="no MicroPython layout data"):
        reader.read_files(to_hex(flash))


# --- files built by micropython-microbit-fs -------------------------------------------------

SIZES = {
    "one.py": b"x",
    "exact126.bin": bytes(range(126)),  # 126 content bytes: spills into a second chunk
    "fills_one_chunk.py": b"f" * (126 - 2 - len("fills_one_chunk.py")),  # ends at 126
    "fills_two.txt": b"t" * (2 * 126 - 2 - len("fills_two.txt")),  # ends exactly at 252
    "next127.py": b"n" * 127,
    "several.py": bytes(i * 7 % 256 for i in range(600)),  # five chunks
    "ten_kb.bin": bytes(i * 31 % 251 for i in range(10 * 1024)),
}


@pytest.mark.parametrize("version", VERSIONS)
def test_files_of_various_sizes_read_back_exactly(version):
    hex_text = build(version, SIZES)
    assert reader.read_files(hex_text) == SIZES


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("name", "content"), list(SIZES.items()))
def test_each_size_alone(version, name, content):
    assert reader.read_files(build(version, {name: content})) == {name: content}


@pytest.mark.parametrize("version", VERSIONS)
def test_a_full_filesystem(version):
    count = reader.find_filesystem(runtime_flash(version)).chunk_count
    files = {f"f{i}": bytes([i % 256]) for i in range(count)}  # one chunk each
    assert reader.read_files(build(version, files)) == files


@pytest.mark.parametrize("version", VERSIONS)
def test_the_bytes_in_flash_are_the_runtime_plus_the_filesystem(version):
    before, after = runtime_flash(version), reader.read_flash(build(version, SIZES))
    layout = reader.find_filesystem(before)
    fs_area = range(min(layout.chunk_base, layout.persistent_page), layout.persistent_page + 1)
    changed = {a for a in before.keys() | after.keys() if before.get(a) != after.get(a)}
    assert changed and all(a in fs_area for a in changed)


def test_adding_a_name_that_is_already_in_the_hex_is_caught():
    first = build(2, {"main.py": b"old"})
    try:
        second = mbfs.add_files(first, [mbfs.File(name="main.py", content=b"new")])
    except (mbfs.FilesystemError, mbfs.InvalidFileError):
        return  # the package refused it: fine too
    # the board would run the first "main.py" it finds: the old one
    with pytest.raises(ValueError, match="second file named 'main.py'"):
        reader.read_files(second)


def test_the_hex_atelier_writes(tmp_path: Path):
    from atelier.boards import load_boards
    from atelier.bundle import build_bundle
    from atelier.lessons import load_lesson
    from atelier.targets.microbit_hex import write_hex

    bundle = build_bundle(load_lesson("boussole-numerique"), load_boards().get("microbit-v2"))
    out = tmp_path / "boussole.hex"
    write_hex(bundle, out)
    files = reader.read_files(out.read_text())
    manifest = files.pop(".atelier.json")  # the lesson's manifest rides along
    assert files == bundle.files and b'"lesson": ' in manifest


# --- filesystems written by hand, the way the firmware writes them --------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_empty_file(version):
    # micropython-microbit-fs refuses empty files; the firmware writes them like this
    with pytest.raises(mbfs.InvalidFileError):
        mbfs.File(name="empty.txt", content=b"")
    name = b"empty.txt"
    flash = with_chunks(version, {7: chunk(reader.FILE_START, head(name, 2 + len(name)))})
    assert reader.read_files(to_hex(flash)) == {"empty.txt": b""}


def test_file_the_firmware_wrote_up_to_a_chunk_end_has_an_empty_last_chunk():
    name = b"m.py"
    data = b"d" * (126 - 2 - len(name))
    chunks = {
        3: chunk(reader.FILE_START, head(name, 0) + data, nxt=9),
        9: chunk(3, b""),  # end_offset 0 in this empty chunk
    }
    assert reader.read_files(to_hex(with_chunks(2, chunks))) == {"m.py": data}


def test_chunk_order_in_flash_does_not_matter():
    name = b"scattered.py"
    first = 126 - 2 - len(name)
    data = bytes(range(first + 126 + 10))
    chunks = {
        50: chunk(reader.FILE_START, head(name, 10) + data[:first], nxt=2),
        2: chunk(50, data[first : first + 126], nxt=120),
        120: chunk(2, data[first + 126 :]),
        60: chunk(reader.FREED, b"stale"),  # a deleted file's chunk
    }
    assert reader.read_files(to_hex(with_chunks(1, chunks))) == {"scattered.py": data}


BROKEN = {
    "the board would read past the chunk": (
        {1: chunk(reader.FILE_START, head(b"a.py", 0) + b"x" * 120)},
        "end offset 0 outside 6..125",
    ),
    "link to a chunk that does not point back": (
        {1: chunk(reader.FILE_START, head(b"a.py", 0) + b"x", nxt=2), 2: chunk(5, b"")},
        "chunk 2 follows chunk 1 but its marker is 0x05",
    ),
    "link out of range": (
        {1: chunk(reader.FILE_START, head(b"a.py", 0) + b"x", nxt=200)},
        "links to chunk 200, out of range",
    ),
    "loop": (
        {
            1: chunk(reader.FILE_START, head(b"a.py", 0) + b"x", nxt=2),
            2: chunk(1, b"", nxt=1),
        },
        "links back to chunk 1",
    ),
    "orphan chunk": ({4: chunk(3, b"lost")}, r"chunks \[4\] continue a file"),
    "two files with one name": (
        {
            1: chunk(reader.FILE_START, head(b"a.py", 7) + b"1"),
            2: chunk(reader.FILE_START, head(b"a.py", 7) + b"2"),
        },
        "second file named 'a.py'",
    ),
    "bad marker": ({5: chunk(0xFC, b"")}, "marker 0xFC"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_filesystems_raise(case):
    chunks, message = BROKEN[case]
    with pytest.raises(ValueError, match=message):
        reader.read_files(to_hex(with_chunks(2, chunks)))


# --- Intel HEX ------------------------------------------------------------------------------


def _fs_data_line(hex_text: str, version: int) -> int:
    """Index of a data record inside the filesystem area."""
    layout = reader.find_filesystem(runtime_flash(version))
    upper = 0
    for i, line in enumerate(hex_text.splitlines()):
        rtype, address = int(line[7:9], 16), int(line[3:7], 16)
        if rtype == 4:
            upper = int(line[9:13], 16) << 16
        elif rtype == 2:
            upper = int(line[9:13], 16) << 4
        elif rtype == 0 and upper + address == layout.chunk_base:
            return i
    raise AssertionError("no record at the start of the filesystem")


@pytest.mark.parametrize("version", VERSIONS)
def test_corrupted_data_byte_fails_the_checksum(version):
    lines = build(version, {"main.py": b"print('hello')"}).splitlines()
    i = _fs_data_line("\n".join(lines), version)
    line = lines[i]
    lines[i] = line[:9] + ("00" if line[9:11] != "00" else "01") + line[11:]
    with pytest.raises(ValueError, match=rf"^line {i + 1}: bad checksum"):
        reader.read_files("\n".join(lines))
    with pytest.raises(ValueError, match=rf"^line {i + 1}: bad checksum"):
        reader.read_flash("\n".join(lines))


def test_corrupted_checksum_byte():
    lines = runtime(2).splitlines()
    last = lines[100][-2:]
    lines[100] = lines[100][:-2] + ("00" if last != "00" else "01")
    with pytest.raises(ValueError, match=r"^line 101: bad checksum"):
        reader.read_flash("\r\n".join(lines))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (":0100000041BE\n", "no end-of-file record"),
        ("0100000041BE\n:00000001FF\n", "line 1: an Intel HEX record starts with ':'"),
        (":0200000041BE\n:00000001FF\n", "line 1: record length"),
        (":0100000041ZZ\n:00000001FF\n", "line 1: not hexadecimal"),
        (":00000006FA\n:00000001FF\n", "line 1: unsupported record type 06"),
        (":0100000041BE\n:0100000042BD\n:00000001FF\n", "line 2: address 0x00000000 set"),
    ],
)
def test_malformed_intel_hex(text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        reader.read_flash(text)


def test_intel_hex_address_records():
    text = "\n".join(
        [
            ":0100000041BE",  # 0x0000_0000
            ":020000021000EC",  # segment 0x1000 -> base 0x10000
            ":0100050042B8",  # 0x10005
            ":020000040002F8",  # linear 0x0002 -> base 0x20000
            ":01FFFF0043BE",  # 0x2FFFF
            ":0400000500018C91D9",  # start linear address: ignored
            ":0400000320009C51EC",  # start segment address: ignored
            ":00000001FF",
            ":0100000044BB",  # after EOF: ignored
        ]
    )
    assert reader.read_flash(text) == {0x0: 0x41, 0x10005: 0x42, 0x2FFFF: 0x43}


@pytest.mark.parametrize("version", VERSIONS)
def test_own_hex_writer_round_trips(version):
    # keeps the hand-made images above honest
    flash = runtime_flash(version)
    assert reader.read_flash(to_hex(flash)) == flash


# --- generated file sets --------------------------------------------------------------------

names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_.", min_size=1, max_size=30)
contents = st.binary(min_size=1, max_size=3 * 1024)


@st.composite
def file_sets(draw):
    version = draw(st.sampled_from(VERSIONS))
    capacity = reader.find_filesystem(runtime_flash(version)).chunk_count
    files = draw(st.dictionaries(names, contents, min_size=1, max_size=12))
    kept, used = {}, 0
    for name, content in files.items():  # keep what fits, in drawing order
        need = chunks_needed(name, content)
        if used + need <= capacity:
            kept[name] = content
            used += need
    return version, kept


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file_sets())
def test_generated_file_sets_read_back_exactly(case):
    version, files = case
    assert reader.read_files(build(version, files)) == files
