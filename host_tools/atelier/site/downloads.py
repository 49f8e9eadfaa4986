"""A lesson's downloads for the site: what a teacher puts on each board the lesson claims.

    for d in build_downloads(load_lesson("alarme-casier"), out_dir):
        d.path, d.board, d.label_fr, d.size      # "alarme-casier-microbit-v2.hex", ...

- a micro:bit (V2, V1): the .hex `atelier flash --out` writes (targets/microbit_hex.py),
  shipped in two parts so that the site stays small: the MicroPython runtime, the same in every
  lesson, once in static/ (`runtime_script`, ~1.3 MB for the V2), and per lesson only the
  records that differ (`<id>-<board>.hex.js`, a few tens of kB); the page's script
  (static/site.js) joins them into the .hex when the visitor clicks. Both are scripts that
  fill `window.ATELIER_HEX`, so they load from `file://` (where fetch cannot) and over HTTP;
- a Pico, an ESP32: a zip of the files `atelier deploy` sends over the serial port (the bundle,
  compiled to .mpy as deploy compiles it), with a note on how to copy them;
- a Circuit Playground: a zip laid out like Adafruit's project bundles, code.py and lib/ at
  the top (what `atelier deploy` copies onto the CIRCUITPY drive), with the same kind of note.

The files come from atelier.bundle and atelier.targets, the code the tests run, so what is
downloaded is what is tested. The zips are the same bytes on every build (fixed timestamps,
sorted names): a rebuilt site changes only where a lesson did.
"""

from __future__ import annotations

import difflib
import functools
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from atelier.boards import load_boards
from atelier.bundle import Bundle, build_bundle, compile_bundle
from atelier.lessons import Lesson, load_lesson

# what every file in a zip says of its date: the earliest a zip can say (1980), so a rebuild
# gives the same bytes
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
HEX_DATE = "1980-01-01T00:00:00"  # the same for the .hex's manifest (its "deployed" date)
HOWTO = "COMMENT-COPIER.txt"  # the note on how to copy the files, French first


@dataclass(frozen=True)
class Download:
    path: str  # relative to the out_dir given to build_downloads, with "/"
    board: str  # boards.toml id
    label_fr: str
    label_en: str
    size: int  # bytes (of the .hex the visitor gets, for a micro:bit)
    hex_name: str = ""  # a micro:bit's: the .hex file's name; `path` is then its part
    runtime: str = ""  # a micro:bit's: the runtime's script, in static/ (`runtime_script`)
    command: str = ""  # a micro:bit's: how to get the .hex without the site's script
    missing: str = ""  # not built: the command installing the board library this computer lacks


def runtime_name(board) -> str:
    """The file in static/ of the runtime `board`'s .hex is built on."""
    return f"microbit-runtime-{board.firmware_version}.js"


def _runtime_hex(board) -> str:
    """The runtime's .hex build_hex starts from (`board` built a .hex, so its version is known)."""
    return _bundled_hex(int(board.firmware_version.split(".")[0]), board.firmware_version)


@functools.cache
def _bundled_hex(device: int, firmware: str) -> str:
    import micropython_microbit_fs as mbfs

    return mbfs.get_bundled_hex(device, firmware).content


def runtime_script(board) -> str:
    """static/`runtime_name(board)`: the runtime's .hex as a JavaScript string."""
    return (f"// the MicroPython runtime of the {board.name}'s .hex (written by atelier site "
            f"build); each lesson's .hex.js adds its files\n"
            f"(window.ATELIER_HEX = window.ATELIER_HEX || {{}})[{json.dumps(runtime_name(board))}]"
            f" = {json.dumps(_runtime_hex(board))};\n")  # fmt: skip


def hex_parts(runtime: str, full: str) -> list:
    """`full` as pieces of `runtime` ([start, end] character offsets) and text of its own:
    the lines a lesson's .hex changes or adds (its filesystem), the rest taken from the runtime."""
    a, b = runtime.splitlines(keepends=True), full.splitlines(keepends=True)
    starts = [0]
    for line in a:
        starts.append(starts[-1] + len(line))
    parts: list = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append([starts[i1], starts[i2]])
        elif j2 > j1:
            parts.append("".join(b[j1:j2]))
    return parts


def assemble_hex(runtime: str, parts: list) -> str:
    """The .hex from the runtime and a lesson's parts (what static/site.js does in the page)."""
    return "".join(p if isinstance(p, str) else runtime[p[0] : p[1]] for p in parts)


def hex_key(lesson_id: str, board_id: str) -> str:
    return f"{lesson_id}/{board_id}"


def hex_part_script(lesson: Lesson, board, full: str) -> str:
    """`<id>-<board>.hex.js`: what the lesson's .hex adds to the runtime, checked to join back
    into the very bytes of `full`."""
    runtime = _runtime_hex(board)
    parts = hex_parts(runtime, full)
    if assemble_hex(runtime, parts) != full:  # never expected: difflib's opcodes cover both
        raise AssertionError(f"{lesson.id}: {board.id}: the .hex does not join back")
    value = {"runtime": runtime_name(board), "name": f"{lesson.id}-{board.id}.hex",
             "size": len(full), "parts": parts}  # fmt: skip
    return (f"// {lesson.id} on a {board.name}: its .hex is static/{runtime_name(board)} with "
            f"these pieces (written by atelier site build)\n"
            f"(window.ATELIER_HEX = window.ATELIER_HEX || {{}})"
            f"[{json.dumps(hex_key(lesson.id, board.id))}] = "
            f"{json.dumps(value, separators=(',', ':'))};\n")  # fmt: skip


def _lesson(lesson) -> Lesson:
    return lesson if isinstance(lesson, Lesson) else load_lesson(lesson)


def build_downloads(lesson: Lesson | Path | str, out_dir: Path) -> list[Download]:
    """Write into `out_dir` one file per board `lesson` claims (a micro:bit's .hex.js, the
    part of its .hex of its own, or a zip); what was written, in the lesson's board order. A
    board whose bundle needs a board library this computer lacks gets no file: its Download
    says so (`missing`)."""
    from atelier.libraries import LibraryMissing
    from atelier.targets.microbit_hex import build_hex

    lesson = _lesson(lesson)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    known = load_boards()
    out = []
    for board_id in lesson.info.boards:
        board = known.get(board_id)
        try:
            bundle = build_bundle(lesson, board)  # a school's kit.toml, as bundle/flash find it
        except LibraryMissing as e:  # the rest of the site is built; this line says what to do
            label_fr, label_en = f"{board.name}", f"{board.name}"
            out.append(Download("", board_id, label_fr, label_en, 0, missing=e.command))
            continue
        if "hex" in board.transports:  # as `atelier flash --out` writes it
            full = build_hex(bundle, deployed=HEX_DATE)
            name, hex_name = f"{lesson.id}-{board_id}.hex.js", f"{lesson.id}-{board_id}.hex"
            (out_dir / name).write_text(hex_part_script(lesson, board, full), encoding="utf-8")
            label_fr, label_en = f"{board.name} (fichier .hex)", f"{board.name} (.hex file)"
            command = f"atelier flash {lesson.id} --board {board_id} --out {hex_name}"
            out.append(Download(name, board_id, label_fr, label_en, len(full), hex_name,
                                runtime_name(board), command))  # fmt: skip
            continue
        else:
            name = f"{lesson.id}-{board_id}.zip"
            data = bundle_zip(_as_deployed(bundle), howto_text(lesson, bundle))
            label_fr, label_en = f"{board.name} (archive .zip)", f"{board.name} (.zip archive)"
        (out_dir / name).write_bytes(data)
        out.append(Download(name, board_id, label_fr, label_en, len(data)))
    return out


def _as_deployed(bundle: Bundle) -> Bundle:
    """The files `atelier deploy` sends: compiled to .mpy for a board reached over its serial
    port, the sources for one reached by its drive (commands.deploy)."""
    board = bundle.board
    reach = [t for t in board.transports if t in ("drive", "serial")]
    return bundle if reach[:1] == ["drive"] else compile_bundle(bundle)


def bundle_zip(bundle: Bundle, howto: str) -> bytes:
    """The bundle's files as a zip, as they go on the board (code.py or main.py and lib/ at the
    top), folders listed, and the note `howto`; the same bytes for the same files."""
    entries = {name: data for name, data in bundle.files.items()}
    entries[HOWTO] = howto.encode("utf-8")
    folders = sorted({"/".join(n.split("/")[:i]) + "/" for n in entries
                      for i in range(1, n.count("/") + 1)})  # fmt: skip
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for folder in folders:
            info = zipfile.ZipInfo(folder, ZIP_DATE)
            info.external_attr = (0o40755 << 16) | 0x10  # a folder (Unix mode, MS-DOS flag)
            info.create_system = 3
            z.writestr(info, b"")
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.external_attr = 0o100644 << 16
            info.create_system = 3  # Unix: the same bytes whichever system builds it
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, entries[name], compresslevel=9)
    return buf.getvalue()


def howto_text(lesson: Lesson, bundle: Bundle) -> str:
    """How to put the zip's files on the board: French, then English (plain text)."""
    board = bundle.board
    main = board.main_file
    cmd = f"atelier deploy {lesson.id} --board {board.id} --all"
    if "drive" in board.transports:  # CircuitPython: the CIRCUITPY drive
        fr = (f"Comment le copier\n"
              f"=================\n\n"
              f"Ces fichiers vont sur une carte {board.name} sous CircuitPython.\n\n"
              f"1. Branche la carte : le lecteur CIRCUITPY apparaît.\n"
              f"2. Copie {main} et le dossier lib/ de ce zip sur le lecteur CIRCUITPY\n"
              f"   (remplace le {main} qui s'y trouve ; garde une copie s'il est à toi).\n"
              f"3. La carte redémarre toute seule et lance le programme.\n\n"
              f"Ou, avec atelier installé : {cmd}\n")  # fmt: skip
        en = (f"How to copy it\n"
              f"==============\n\n"
              f"These files go on a {board.name} board running CircuitPython.\n\n"
              f"1. Plug the board in: the CIRCUITPY drive appears.\n"
              f"2. Copy {main} and the lib/ folder of this zip onto the CIRCUITPY drive\n"
              f"   (it replaces the {main} there: keep a copy if it is yours).\n"
              f"3. The board restarts by itself and runs the program.\n\n"
              f"Or, with atelier installed: {cmd}\n")  # fmt: skip
    else:  # MicroPython over the serial port: Thonny's file view
        fr = (f"Comment le copier\n"
              f"=================\n\n"
              f"Ces fichiers vont sur une carte {board.name} sous MicroPython.\n\n"
              f"Avec Thonny :\n"
              f"1. Branche la carte, ouvre Thonny et choisis l'interpréteur MicroPython de la\n"
              f"   carte (en bas à droite).\n"
              f"2. Menu Affichage > Fichiers. Dans « Cet ordinateur », ouvre le dossier\n"
              f"   décompressé de ce zip.\n"
              f"3. Sélectionne tous ses fichiers et dossiers (sauf ce texte), clic droit >\n"
              f"   « Téléversement vers / ».\n"
              f"4. Appuie sur le bouton reset de la carte (ou Ctrl+D dans la console) : elle\n"
              f"   lance {main}.\n\n"
              f"Ou, avec atelier installé : {cmd}\n")  # fmt: skip
        en = (f"How to copy it\n"
              f"==============\n\n"
              f"These files go on a {board.name} board running MicroPython.\n\n"
              f"With Thonny:\n"
              f"1. Plug the board in, open Thonny and choose the board's MicroPython\n"
              f"   interpreter (bottom right).\n"
              f"2. View menu > Files. Under \"This computer\", open the folder this zip\n"
              f"   was extracted to.\n"
              f"3. Select all its files and folders (not this text), right-click >\n"
              f"   \"Upload to /\".\n"
              f"4. Press the board's reset button (or Ctrl+D in the shell): it runs {main}.\n\n"
              f"Or, with atelier installed: {cmd}\n")  # fmt: skip
    from atelier.netsettings import NET_MODULE, uses_net

    if uses_net(bundle):  # the Wi-Fi's password is never in a download: the board needs it
        lib = board.filesystem.lib_dir.strip("/")
        where = f"{lib}/{NET_MODULE}.py" if lib else f"{NET_MODULE}.py"
        fields = ('SSID = "nom-du-wifi"\nPASSWORD = "mot-de-passe"\nBROKER = "192.168.1.10"\n'
                  'PORT = 1883\nLABEL = ""\n')  # fmt: skip
        fr += (f"\nLe Wi-Fi\n--------\n"
               f"Ce programme se connecte au Wi-Fi de la classe. Le mot de passe n'est jamais\n"
               f"dans ce zip : atelier deploy le met sur la carte (depuis le fichier net.toml de\n"
               f"l'ordinateur, voir docs/connected.md). Sans atelier, crée sur la carte le\n"
               f"fichier {where} avec ces lignes (tes valeurs ; BROKER : l'ordinateur où\n"
               f"tourne atelier hub) :\n\n{fields}")  # fmt: skip
        en += (f"\nThe Wi-Fi\n---------\n"
               f"This program joins the class's Wi-Fi. Its password is never in this zip:\n"
               f"atelier deploy puts it on the board (from the computer's net.toml, see\n"
               f"docs/connected.md). Without atelier, create the file {where} on the board\n"
               f"with these lines (your values; BROKER: the computer running atelier hub):\n\n"
               f"{fields}")  # fmt: skip
    return f"{fr}\n\n{en}"
