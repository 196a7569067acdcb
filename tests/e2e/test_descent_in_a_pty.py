"""End to end: step gradient descent in the installed `tui-tutor`, in a real pseudo-terminal,
and read w_t off the screen (checked against descent.run, itself checked against torch.optim.SGD)."""

from __future__ import annotations

import math
import re
import time

from tests.e2e.pty_app import KEYS, PtyApp, tutor_command
from tui_tutor.compute import descent

NUMBER = r"(−?\d+(?:\.\d+)?(?:e[+−]\d+)?)"
ROW = re.compile(rf"^\s*(\d+)\s+{NUMBER}\s+{NUMBER}\s")


def rows_on_screen(app: PtyApp) -> dict[int, float]:
    """The iteration table's rows as pyte shows them: t -> w_t."""
    found = {}
    for line in app.screen.display:
        m = ROW.match(line[:50])
        if m:
            found[int(m.group(1))] = float(m.group(2).replace("−", "-"))
    return found


def shown(app: PtyApp, t: int, w: float) -> bool:
    """Row t is on screen with w_t to the 4 significant digits the table writes."""
    return t in rows_on_screen(app) and math.isclose(rows_on_screen(app)[t], w, rel_tol=1e-3)


def wait_until(app: PtyApp, check, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.pump()
        if check():
            return
    raise AssertionError(f"{what} never appeared; screen was:\n{app.text()}")


def test_step_forward_and_back_and_read_w_t_off_the_screen(tmp_path):
    app = PtyApp([tutor_command(), "gradient-descent", "--set", "lr=0.1"], cwd=str(tmp_path))
    app.wait_for("Follow the slope downhill")
    app.wait_for("(w − 1)² + 0.5")  # the plot of f: the first iteration is computed
    app.send(KEYS["right"])
    app.wait_for("step 2/6")
    app.send(KEYS["right"])
    app.wait_for("step 3/6")
    run = descent.run("bowl", 4.0, 0.1, steps=8)
    for n in range(1, 9):
        app.send(".")  # the stepper's own key: one iteration
        it = run.iterations[n - 1]
        wait_until(app, lambda it=it: shown(app, it.t, it.w[0]), f"row {it.t}: w = {it.w[0]}")
        assert f"t = {n} ·" in app.text()
    app.send(",")
    wait_until(app, lambda: 7 not in rows_on_screen(app) and "t = 7 ·" in app.text(), "t = 7 after ,")
    assert shown(app, 6, run.iterations[6].w[0])
    app.send(" ")  # play ...
    wait_until(app, lambda: "▶ playing" in app.text(), "playing")
    app.send(" ")  # ... and pause
    wait_until(app, lambda: "space: play at" in app.text(), "paused")
    app.send("q")
    assert app.finish() == 0
    assert "Traceback" not in app.text()
