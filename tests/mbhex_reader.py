"""An independent reader of the files inside a MicroPython .hex for the BBC micro:bit.

Tests use it to check the .hex files that atelier builds with `micropython-microbit-fs`
without trusting that package's own reader. Standard library only: it parses Intel HEX
itself and decodes the filesystem the way the MicroPython firmware on the board reads it.

API
---
- `read_flash(hex_text) -> dict[int, int]`: address -> byte for every data byte in the hex.
- `find_filesystem(flash) -> FsLayout`: where the filesystem chunks sit, read from the hex.
- `read_files(hex_text) -> dict[str, bytes]`: file name -> content.
Every problem (bad checksum, malformed record, no layout data, broken chunk chain, a file
the board would misread) raises `ValueError` with a message naming the line or the chunk.

Sources the facts below were taken from (our own code; nothing copied):
- Firmware, micro:bit V1: bbcmicrobit/micropython `source/microbit/filesystem.c`
  (`init_limits`, `microbit_filesystem_init`, `microbit_file_read`, `microbit_file_size`),
  `inc/microbit/filesystem.h` (chunk struct, markers, MAX_CHUNKS_IN_FILE_SYSTEM = 240) and
  `inc/microbit/memory.h` (end of ROM 0x40000, appended script at 0x3E000, compass
  calibration page just below either).
- Firmware, micro:bit V2: microbit-foundation/micropython-microbit-v2
  `src/codal_port/microbitfs.c` (same chunk format; `init_limits` between the linker symbols
  `_fs_start`/`_fs_end`, MAX_CHUNKS_IN_FILE_SYSTEM = 252).
- Where the filesystem sits in a .hex: microbit-foundation/microbit-fs (JavaScript)
  `src/uicr.ts` (V1: MicroPython data in the UICR customer area at 0x100010C0),
  `src/flash-regions.ts` (V2: the "flash regions table" at the end of a flash page) and
  `src/micropython-fs-builder.ts` (start/end of the chunk area, persistent page).

How the filesystem region is found
----------------------------------
From layout data stored in the hex itself, one kind per micro:bit version, then the same
arithmetic the firmware's `init_limits` does at boot (so we read what the board would read):
- V1 (nRF51, 1 KiB pages): the UICR block at 0x100010C0 starts with magic 0x17EEB07C, then
  end marker (u32), log2 page size (u32), runtime start page (u16), runtime pages used
  (u16). The runtime ends at pages_used * page_size (the firmware's `microbit_end_of_code`,
  rounded up to a page). The area ends below the compass calibration page, which is the
  last page of the 256 KiB flash, or the page below 0x3E000 when an old-style appended
  script ("MP" at 0x3E000) is present; the page below that is the persistent page.
- V2 (nRF52833, 4 KiB pages): a flash regions table ends at the end of a page: a 16-byte
  header (magic1 0x597F30FE u32, version u16, table length u16, region count u16, log2
  page size u16, magic2 0xC1B1D79D u32) preceded by 16-byte rows (id u8, hash type u8,
  start page u16, length u32, hash data u64). Region id 3 is the filesystem: it gives
  `_fs_start`/`_fs_end`; the last page below `_fs_end` is the persistent page.
Then, as in `init_limits`: end = that persistent page's address; start = end - 128 *
MAX_CHUNKS rounded up to a page, moved up a page at a time until it is not below the
runtime/filesystem start. The firmware keeps one spare "persistent" page marked 0xFD at
either end of [start, end + page): if the first page holds the marker, chunks start one
page higher; otherwise (marker on the last page, or no marker yet) they start at `start`.
Chunks are numbered from 1: chunk i lives at chunk_base + (i - 1) * 128.

Chunk format (128 bytes): byte 0 marker (0xFF unused, 0x00 freed, 0xFE first chunk of a
file, 0xFD persistent page, otherwise the index of the previous chunk of the file), bytes
1..126 data, byte 127 index of the next chunk (0xFF: this is the last one). A file's first
chunk's data starts with end_offset (u8), name_len (u8), the name, then the content.
end_offset is the offset, inside the last chunk's data area, where the content stops.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- Intel HEX ------------------------------------------------------------------------------

_DATA, _EOF, _EXT_SEGMENT, _START_SEGMENT, _EXT_LINEAR, _START_LINEAR = range(6)
_FIXED_LENGTH = {_EOF: 0, _EXT_SEGMENT: 2, _START_SEGMENT: 4, _EXT_LINEAR: 2, _START_LINEAR: 4}


def read_flash(hex_text: str) -> dict[int, int]:
    """Parse Intel HEX text into {address: byte}.

    Record types 00 (data), 01 (end of file), 02 (extended segment address), 04 (extended
    linear address) are applied; 03 and 05 (start addresses) are checked and ignored. Every
    record's checksum is checked. A bad line, a byte given twice with two different values,
    an unknown record type or a missing end-of-file record raises ValueError.
    """
    flash: dict[int, int] = {}
    base = 0  # from the last 02 (segment << 4) or 04 (upper << 16) record
    segmented = False  # 02 records wrap data offsets inside their 64 KiB segment
    for lineno, raw in enumerate(hex_text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        where = f"line {lineno}"
        if not line.startswith(":"):
            raise ValueError(f"{where}: an Intel HEX record starts with ':' ({line[:20]!r})")
        try:
            rec = bytes.fromhex(line[1:])
        except ValueError:
            raise ValueError(f"{where}: not hexadecimal ({line[:44]!r})") from None
        if len(rec) < 5 or len(rec) != 5 + rec[0]:
            raise ValueError(f"{where}: record length does not match its byte count")
        if sum(rec) & 0xFF:
            expected = (-sum(rec[:-1])) & 0xFF
            raise ValueError(
                f"{where}: bad checksum {rec[-1]:02X}, the record's bytes give {expected:02X}"
            )
        count, offset, rtype, payload = rec[0], (rec[1] << 8) | rec[2], rec[3], rec[4:-1]
        if rtype in _FIXED_LENGTH and count != _FIXED_LENGTH[rtype]:
            raise ValueError(f"{where}: record type {rtype:02X} with {count} data bytes")
        if rtype == _DATA:
            for i, value in enumerate(payload):
                if segmented:
                    address = base + ((offset + i) & 0xFFFF)
                else:
                    address = (base + offset + i) & 0xFFFFFFFF
                old = flash.setdefault(address, value)
                if old != value:
                    raise ValueError(
                        f"{where}: address 0x{address:08X} set to {value:02X}, already {old:02X}"
                    )
        elif rtype == _EOF:
            return flash
        elif rtype == _EXT_SEGMENT:
            base, segmented = int.from_bytes(payload, "big") << 4, True
        elif rtype == _EXT_LINEAR:
            base, segmented = int.from_bytes(payload, "big") << 16, False
        elif rtype in (_START_SEGMENT, _START_LINEAR):
            pass  # where the CPU starts: nothing to do with the flash contents
        else:
            raise ValueError(f"{where}: unsupported record type {rtype:02X}")
    raise ValueError("no end-of-file record (:00000001FF): the hex is truncated")


# --- where the filesystem is ----------------------------------------------------------------

CHUNK_SIZE = 128
DATA_PER_CHUNK = CHUNK_SIZE - 2  # 126
UNUSED, FREED, FILE_START, PERSISTENT = 0xFF, 0x00, 0xFE, 0xFD
MAX_FILENAME_LENGTH = 120

_V1_UICR_MAGIC_ADDRESS = 0x10001000 + 0x80 + 0x40  # UICR customer area, MicroPython slot
_V1_UICR_MAGIC = 0x17EEB07C
_V1_FLASH_END = 0x40000  # `microbit_end_of_rom()`
_V1_APPENDED_SCRIPT = 0x3E000  # `microbit_mp_appended_script()`
_V1_MAX_CHUNKS = 240
_V2_TABLE_MAGIC1 = 0x597F30FE
_V2_TABLE_MAGIC2 = 0xC1B1D79D
_V2_REGION_FS = 3
_V2_MAX_CHUNKS = 252


@dataclass(frozen=True)
class FsLayout:
    """Where the chunks of the filesystem sit in flash."""

    device_version: int  # 1 or 2
    page_size: int
    chunk_base: int  # address of chunk 1
    chunk_count: int  # chunks 1..chunk_count
    persistent_page: int  # address of the page that holds (or will hold) the 0xFD marker

    def chunk_address(self, index: int) -> int:
        return self.chunk_base + (index - 1) * CHUNK_SIZE

    @property
    def capacity(self) -> int:
        """Bytes of chunks (128 each), headers and links included."""
        return self.chunk_count * CHUNK_SIZE


def _uint(flash: dict[int, int], address: int, size: int) -> int | None:
    """Little-endian unsigned int, or None when any of its bytes is not in the hex."""
    try:
        return int.from_bytes(bytes(flash[address + i] for i in range(size)), "little")
    except KeyError:
        return None


def _v1_layout(flash: dict[int, int]) -> tuple[int, int, int, int] | None:
    """(page_size, runtime_end, persistent_page, max_chunks) from the V1 UICR data."""
    if _uint(flash, _V1_UICR_MAGIC_ADDRESS, 4) != _V1_UICR_MAGIC:
        return None
    log2_page = _uint(flash, _V1_UICR_MAGIC_ADDRESS + 8, 4)
    pages_used = _uint(flash, _V1_UICR_MAGIC_ADDRESS + 14, 2)
    if log2_page is None or pages_used is None or not 8 <= log2_page <= 16:
        raise ValueError("V1 UICR MicroPython data is incomplete")
    page = 1 << log2_page
    appended = flash.get(_V1_APPENDED_SCRIPT) == ord("M")
    calibration_page = (_V1_APPENDED_SCRIPT if appended else _V1_FLASH_END) - page
    return page, pages_used * page, calibration_page - page, _V1_MAX_CHUNKS


def _v2_layout(flash: dict[int, int]) -> tuple[int, int, int, int] | None:
    """(page_size, fs_start, persistent_page, max_chunks) from the V2 flash regions table."""
    page_ends = sorted({(a | 0x3FF) + 1 for a in flash if a < 0x10000000})
    for end in page_ends:  # the table header is the last 16 bytes of some page
        if _uint(flash, end - 4, 4) != _V2_TABLE_MAGIC2:
            continue
        if _uint(flash, end - 16, 4) != _V2_TABLE_MAGIC1:
            continue
        regions = _uint(flash, end - 8, 2)
        log2_page = _uint(flash, end - 6, 2)
        if regions is None or log2_page is None or not 8 <= log2_page <= 16:
            raise ValueError(f"flash regions table ending at 0x{end:X} is incomplete")
        page = 1 << log2_page
        for row in range(regions):
            row_start = end - 16 - (row + 1) * 16
            if _uint(flash, row_start, 1) != _V2_REGION_FS:
                continue
            start_page = _uint(flash, row_start + 2, 2)
            length = _uint(flash, row_start + 4, 4)
            if start_page is None or length is None:
                raise ValueError("filesystem row of the flash regions table is incomplete")
            fs_start = start_page * page
            fs_end = fs_start + length
            return page, fs_start, (fs_end & -page) - page, _V2_MAX_CHUNKS
        raise ValueError(f"flash regions table ending at 0x{end:X} has no filesystem region")
    return None


def find_filesystem(flash: dict[int, int]) -> FsLayout:
    """Locate the chunk area from the layout data inside the hex (see the module docstring)."""
    version = 1
    found = _v1_layout(flash)
    if found is None:
        version, found = 2, _v2_layout(flash)
    if found is None:
        raise ValueError(
            "no MicroPython layout data: neither V1 UICR magic at 0x100010C0 "
            "nor a V2 flash regions table"
        )
    page, floor, end, max_chunks = found
    # `init_limits`: start from the largest filesystem, shrink it page by page until it no
    # longer overlaps the runtime.
    start = (end - CHUNK_SIZE * max_chunks + page - 1) & -page
    while start < floor:
        start += page
    if start >= end:
        raise ValueError(f"no room for a filesystem (0x{start:X}..0x{end:X})")
    count = (end - start) // CHUNK_SIZE
    if flash.get(start) == PERSISTENT:  # spare page at the bottom after a sweep
        return FsLayout(version, page, start + page, count, start)
    return FsLayout(version, page, start, count, end)


# --- the files ------------------------------------------------------------------------------


def read_files(hex_text: str) -> dict[str, bytes]:
    """Return {name: content} of every file in the MicroPython filesystem of the hex."""
    flash = read_flash(hex_text)
    layout = find_filesystem(flash)
    chunks = {
        i: bytes(flash.get(layout.chunk_address(i) + j, 0xFF) for j in range(CHUNK_SIZE))
        for i in range(1, layout.chunk_count + 1)
    }
    files: dict[str, bytes] = {}
    owned: set[int] = set()
    for index, chunk in chunks.items():
        marker = chunk[0]
        if marker in (UNUSED, FREED) or 1 <= marker <= layout.chunk_count:
            continue  # free, or a later chunk of a file (checked by the chain walk)
        if marker != FILE_START:
            raise ValueError(f"chunk {index}: marker 0x{marker:02X} is not a valid marker")
        name, content, chain = _read_file(chunks, index)
        if name in files:
            raise ValueError(f"chunk {index}: a second file named {name!r}")
        files[name] = content
        owned.update(chain)
    orphans = [i for i, c in chunks.items() if 1 <= c[0] <= layout.chunk_count and i not in owned]
    if orphans:
        raise ValueError(f"chunks {orphans} continue a file but no file leads to them")
    return files


def _read_file(chunks: dict[int, bytes], first: int) -> tuple[str, bytes, list[int]]:
    """Follow one file's chain like `microbit_file_read`; check links both ways."""
    head = chunks[first]
    end_offset, name_len = head[1], head[2]
    if name_len == 0 or name_len > MAX_FILENAME_LENGTH:
        raise ValueError(f"chunk {first}: file name length {name_len}")
    try:
        name = head[3 : 3 + name_len].decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"chunk {first}: file name is not UTF-8") from None
    where = f"file {name!r}"
    seek = name_len + 2  # offset in the data area (chunk byte 1 + offset)
    content = bytearray()
    chain = [first]
    index = first
    while True:
        chunk = chunks[index]
        nxt = chunk[CHUNK_SIZE - 1]
        if nxt == UNUSED:  # last chunk: the content stops at end_offset
            if end_offset == UNUSED:
                break  # never closed: the firmware reads it as empty
            if not seek <= end_offset < DATA_PER_CHUNK:
                # The firmware computes `end_offset - seek_offset` unsigned, or runs off
                # the chain at offset 126: either way the board misreads the file.
                raise ValueError(
                    f"{where}: end offset {end_offset} outside {seek}..{DATA_PER_CHUNK - 1} "
                    f"in its last chunk {index}"
                )
            content += chunk[1 + seek : 1 + end_offset]
            break
        content += chunk[1 + seek : 1 + DATA_PER_CHUNK]
        if nxt not in chunks:
            raise ValueError(f"{where}: chunk {index} links to chunk {nxt}, out of range")
        if nxt in chain:
            raise ValueError(f"{where}: chunk {index} links back to chunk {nxt} (a loop)")
        if chunks[nxt][0] != index:
            raise ValueError(
                f"{where}: chunk {nxt} follows chunk {index} but its marker is "
                f"0x{chunks[nxt][0]:02X}"
            )
        chain.append(nxt)
        index, seek = nxt, 0
    return name, bytes(content), chain
