"""`atelier run LESSON --boards N`: N boards of one world that hear each other's radio, side by
side; keys act on the board chosen with 1 ... N."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from test_cli import _vm, atelier

ROOT = Path(__file__).resolve().parents[1]
ALARM = ROOT / "lessons" / "alarme-radio"

needs_vm = pytest.mark.skipif(not _vm(), reason="MicroPython VM not installed here")


@needs_vm
def test_fast_run_of_two_boards_shows_the_second_hearing_the_first(tmp_path: Path):
    p = tmp_path / "main.py"  # every board sends while its door is open, says what it hears
    p.write_text("from kit import door, radio, sleep_ms\n"
                 "radio.group(12)\n"
                 "while True:\n"
                 "    if door.is_open():\n"
                 "        radio.send('ouverte')\n"
                 "    m = radio.receive()\n"
                 "    if m:\n"
                 "        print('entendu', m)\n"
                 "    sleep_ms(500)\n")  # fmt: skip
    r = atelier("run", str(p), "--boards", "2", "--fast", "--seconds", "2",
                "--set", "magnet_near=0")  # fmt: skip
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert any(ln.startswith("[2]") and "entendu ouverte" in ln for ln in lines), r.stdout
    assert any(ln.startswith("[1]") and "entendu ouverte" in ln for ln in lines), r.stdout
    # the door closed: nobody sends, nobody hears
    r = atelier("run", str(p), "--boards", "2", "--fast", "--seconds", "2",
                "--set", "magnet_near=1")  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "entendu" not in r.stdout


@needs_vm
def test_fast_run_of_the_radio_alarm_draws_each_board_under_its_number():
    r = atelier("run", str(ALARM), "--boards", "3", "--fast", "--seconds", "1")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    for n in (1, 2, 3):
        assert f"[{n}] BBC micro:bit V2" in lines
    assert "[4]" not in r.stdout
    assert r.stdout.count("t = 1.00 virtual seconds, 0 notes") == 3


@needs_vm
def test_keys_go_to_the_board_chosen_with_its_number():
    from rich.console import Console

    from atelier.sim import simulate_many
    from atelier.sim.terminal import BoardsView

    console = Console(file=io.StringIO(), width=160, color_system=None)
    with simulate_many([ALARM, ALARM]) as boards:
        view = BoardsView(console, 2, live=False)
        view.attach(boards)
        door, pocket = boards
        door.world.magnet_near = True
        door.run(0.5)
        assert view.chosen == 0  # the keys go to board 1 first
        assert view.press("a") is False  # board 1 is the sensor on the door
        assert view.press("2b") is False  # board 2 goes in the pocket
        assert view.chosen == 1
        door.run(0.5)
        assert "capteur" in door.output and "poche" in pocket.output
        t = door.time
        door.world.magnet_near = False  # the door opens
        door.run(1)
        assert [x for x in pocket.buzzer.tones if x.start >= t and x.frequency == 988]
        assert door.buzzer.tones == []
        # the view says which board the keys go to
        console.print(view._render())
        drawn = console.file.getvalue()
        assert "▶ 2 · BBC micro:bit V2 ◀" in drawn
        assert "▶ 1" not in drawn
        pressed = []
        pocket.press = lambda button: pressed.append(("2", button))
        door.press = lambda button: pressed.append(("1", button))
        assert view.press("a1b2a") is False
        assert pressed == [("2", "a"), ("1", "b"), ("2", "a")]
        assert view.press("b9q") is True  # 9 is no board here; q quits
        assert view.chosen == 1


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--boards", "5"], "--boards 5: "),
        (["--boards", "0"], "--boards 0: "),
        (["--boards", "2", "--board", "pico"], "pico"),
    ],
)
def test_boards_out_of_range_or_without_radio_is_one_line(args, said):
    r = atelier("run", str(ALARM), *args, env={"LANG": "en_US.UTF-8", "LANGUAGE": "en"})
    assert r.returncode == 1
    err = r.stderr.strip()
    assert len(err.splitlines()) == 1 and said in err, r.stderr
    assert "Traceback" not in r.stderr
