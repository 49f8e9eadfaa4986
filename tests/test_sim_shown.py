"""atelier.sim.shown: lesson tests read a number off every kind of display the kit drives."""

import pytest
from conftest import needs_vm

from atelier.sim import simulate
from atelier.sim.shown import scrolled, watch

pytestmark = needs_vm

PROGRAM = """
from kit import display, sleep_ms
sleep_ms(300)
display.scroll(21)
sleep_ms(500)
display.show(-3)
sleep_ms(5000)
display.scroll("fin")
"""


@pytest.mark.parametrize("board_id", ["microbit-v2", "pico", "circuitplayground-bluefruit"])
def test_a_scrolled_and_a_shown_number_are_seen_in_order_and_no_other(tmp_path, board_id):
    main = tmp_path / "main.py"
    main.write_text(PROGRAM)
    with simulate(main, board=board_id) as b:
        seen = watch(b, 4)
        assert scrolled(b, seen, 21) and scrolled(b, seen, "21", how="scroll")
        assert scrolled(b, seen, -3)
        assert not scrolled(b, seen, 12) and not scrolled(b, seen, 321)
        assert not scrolled(b, seen, "fin")  # not yet
        assert scrolled(b, watch(b, 8), "fin")
