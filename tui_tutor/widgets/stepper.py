"""Gradient descent one iteration at a time: the history, the play loop and the status line.

Both gradient-descent lessons use one `Stepper`. It keeps every `descent.Iteration` computed
so far, so stepping back restores exactly what was shown; `forward()` computes one more with
`descent.step` (inline, within the keystroke, once torch is warm: see `tui_tutor.runner`);
`toggle_play()` runs iterations with a Textual timer at one of `SPEEDS`; and the widget itself
is the status line: t, playing or paused, the speed, and what the run did, in words
(`tui_tutor.words.descent`, from the iterations' own numbers).

After every change it calls `on_change()` at once (no message hop): the panel redraws its
views from `history`. A run ends at a verdict (converged, diverged, overflowed, unbounded
below) or after `LIMIT` iterations; `budget` is the number of iterations the lecture's step
keys take before they move on (the function's step budget).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from rich.text import Text

from tui_tutor.runner import compute_quick, torch_ready
from tui_tutor.widgets.live_text import LiveText
from tui_tutor.words import descent as words

SPEEDS = (1, 2, 5, 10, 20, 30, 60)
"""Play speeds in iterations per second."""
DEFAULT_SPEED = 10
TICK_RATE = 30
"""At most this many redraws a second while playing; faster speeds take several iterations per tick."""
LIMIT = 1000
"""A run stops here even without a verdict (the history stays small)."""
QUEUE = 5
"""At most this many steps are remembered while the first iteration is still being computed."""
VERDICT_STYLE = {"converged": "bold green", "diverged": "bold red", "overflowed": "bold red",
                 "unbounded below": "bold red"}


def next_iteration(function: str, w: Sequence[float], lr: float, history: Sequence):
    """One iteration of wₜ₊₁ = wₜ − η∇f(wₜ) (the compute call the stepper makes)."""
    from tui_tutor.compute import descent

    return descent.step(function, w, lr, history)


class Stepper(LiveText):
    """The run's history, stepping and playing; shows the status line (give it height 2).

    `history` holds the iterations done; `preview` is the next one, already computed from
    the current wₜ (its ∇f(wₜ) is "the gradient here", its wₜ₊₁ where the next step
    lands). A step forward moves the preview into the history and computes the next one; a
    step back moves the last iteration back into the preview, so nothing is recomputed.
    """

    DEFAULT_CSS = """
    Stepper { height: 2; color: $text-muted; }
    """

    def __init__(self, on_change: Callable[[], None], *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.on_change = on_change
        self.function, self.w0, self.lr, self.budget = "", (0.0,), 0.0, 0
        self.history: list = []
        self.preview = None
        self.intro = ""
        self.speed = DEFAULT_SPEED
        self.playing = False
        self._timer = None
        self._run = 0
        """Counts the states the history has been in, so a late result for an old one is dropped."""
        self._pending = False
        self._queued = 0
        """Steps asked for while the next iteration was still being computed."""
        self._credit, self._last_tick = 0.0, 0.0

    # --- the state ------------------------------------------------------------------------

    @property
    def converged(self) -> bool:
        """The last iteration met the stopping rule |∇f(wₜ)| < tol: the loop stopped at its wₜ,
        and its wₜ₊₁ (computed all the same) is no step taken."""
        return bool(self.history) and self.history[-1].status == "converged"

    @property
    def t(self) -> int:
        """The number of steps taken, so the current point is wₜ (the next iteration is row t);
        a converged run stopped at its last row's wₜ, as the pseudocode does."""
        return len(self.history) - self.converged

    @property
    def w(self) -> tuple[float, ...]:
        """The current wₜ: w₀, or the last iteration's wₜ₊₁ (its wₜ if that overflowed or met the
        stopping rule)."""
        if not self.history:
            return self.w0
        last = self.history[-1]
        return last.w if self.converged or last.w_next is None else last.w_next

    @property
    def here(self):
        """The iteration from the current wₜ: the preview, or the last one if it overflowed (there
        is no wₜ₊₁ then) or converged; None while it is still being computed."""
        if self.preview is not None:
            return self.preview
        if self.history and (self.converged or self.history[-1].w_next is None):
            return self.history[-1]
        return None

    @property
    def verdict(self) -> str:
        """The last iteration's status ("running" before the first)."""
        return self.history[-1].status if self.history else "running"

    @property
    def over(self) -> bool:
        """True when no further iteration will be taken (a verdict, or the limit)."""
        return self.verdict != "running" or self.t >= LIMIT

    # --- the controls ---------------------------------------------------------------------

    def start(self, function: str, w0: Sequence[float], lr: float, budget: int, intro: str = "") -> None:
        """A new run from w₀ (pauses, forgets the history)."""
        self.pause(notify=False)
        self.function, self.w0, self.lr, self.budget = function, tuple(w0), float(lr), int(budget)
        self.history = []
        self.intro = intro
        self._queued = 0
        self._new_preview()

    def forward(self) -> bool:
        """Take one iteration (the preview); False when the run is over."""
        if self.over:
            return False
        if self.preview is None:  # still being computed (torch warming up): take it when it comes
            self._queued = min(self._queued + 1, QUEUE)
        else:
            self.history.append(self.preview)
            self._new_preview()
        return True

    def back(self) -> bool:
        """Undo the last iteration (it becomes the preview again); False at t = 0."""
        if not self.history:
            return False
        self._run += 1  # a preview still being computed belongs to the state we leave
        self._pending = False
        self._queued = 0
        self.preview = self.history.pop()
        self._changed()
        return True

    def reset(self) -> bool:
        """Back to t = 0 with the same w₀ and η; False if already there."""
        self.pause()
        if not self.history:
            return False
        self.start(self.function, self.w0, self.lr, self.budget, self.intro)
        return True

    def _new_preview(self) -> None:
        """Compute the next iteration from the current wₜ, then redraw."""
        self._run += 1
        run = self._run
        self.preview = None
        if self.converged or (self.history and self.history[-1].w_next is None):  # stopped, or overflowed
            self._pending = False
            self._changed()
            return
        self._pending = True
        compute_quick(self, next_iteration, self.function, self.w, self.lr, tuple(self.history),
                      then=lambda it: self._got_preview(run, it))
        if self._pending:  # computing on the compute thread: show the history now
            self._changed()

    def run_to(self, t: int) -> None:
        """Iterate up to iteration `t` (or the end of the run) at once, redrawing once."""
        if not torch_ready.is_set():  # computed on the compute thread: taken one by one as they come
            self._queued = max(t - self.t - 1, 0)
            self.forward()
            return
        while not self.over and self.t < t - 1 and self.preview is not None and self.preview.w_next is not None:
            self.history.append(self.preview)
            self.preview = next_iteration(self.function, self.w, self.lr, self.history)
        if not self.over and self.t < t:
            self.forward()  # the last one as a step of its own: it redraws
        else:
            self._changed()

    def _got_preview(self, run: int, iteration) -> None:
        if run != self._run:
            return
        self._pending = False
        self.preview = iteration
        if self.over:
            self.pause(notify=False)
        if self._queued and not self.over:
            self._queued -= 1
            self.forward()
            return
        self._changed()

    def toggle_play(self) -> None:
        """Play (one iteration at once, then at `speed`) or pause."""
        if self.playing:
            self.pause()
            return
        if self.over:
            self.app.bell()
            return
        self.playing = True
        self._start_timer()
        self.forward()

    def pause(self, notify: bool = True) -> None:
        """Stop playing."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.playing:
            self.playing = False
            if notify:
                self._changed()

    def change_speed(self, delta: int) -> None:
        """One speed faster (delta 1) or slower (delta -1)."""
        i = min(max(SPEEDS.index(self.speed) + delta, 0), len(SPEEDS) - 1)
        self.speed = SPEEDS[i]
        if self.playing:
            self._start_timer()
        self._changed()

    def _start_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._credit, self._last_tick = 0.0, time.monotonic()
        self._timer = self.set_interval(1 / min(self.speed, TICK_RATE), self._tick)

    def _tick(self) -> None:
        """Take the iterations due since the last tick, then redraw once."""
        now = time.monotonic()
        self._credit = min(self._credit + self.speed * (now - self._last_tick), 2 * self.speed / TICK_RATE + 1)
        self._last_tick = now
        due = int(self._credit + 0.25)
        if due <= 0 or self.preview is None:
            return
        self._credit -= due
        if not torch_ready.is_set():
            self.forward()
            return
        for _ in range(due - 1):  # all but the last inline, without redrawing
            if self.over or self.preview is None or self.preview.w_next is None:
                break
            self.history.append(self.preview)
            self.preview = next_iteration(self.function, self.w, self.lr, self.history)
        self.forward()
        if self.over:
            self.pause()

    # --- the status line ------------------------------------------------------------------

    def _changed(self) -> None:
        self.show(self.status())
        self.on_change()

    def status(self) -> Text:
        """What the run is doing, in words (t, playing or not, and what happened), in two lines."""
        t = self.t
        if self.history:
            from tui_tutor.compute import descent  # loaded: the history came from it
        if self.history and self.verdict != "running":
            said = [words.verdict(self.history[-1], tol=descent.TOL, bound=descent.BOUND, streak=descent.STREAK)]
            style = VERDICT_STYLE.get(self.verdict, "bold")
        elif t >= LIMIT:
            said, style = [words.limit(LIMIT)], "bold yellow"
        elif t == 0:
            start = words.first_step(self.preview) if self.preview is not None else "computing the first step …"
            said, style = [f"{start}. {self.intro}", start] if self.intro else [start], ""
        elif t >= self.budget:
            said, style = [words.budget_used(self.budget, self.history[-1].grad_norm or 0.0)], "yellow"
        else:
            said, style = [words.trend(self.history, descent.TOL)], ""
        if self.playing:
            state = f"▶ playing at {self.speed}/s"
        else:
            state = "r: start again" if self.over else f"space: play at {self.speed}/s"
        prefix = f"t = {t} · {state} · "
        room = 2 * (self.size.width or 78) - 6
        fits = [(True, m) for m in said if len(prefix) + len(m) <= room] + [(False, m) for m in said if len(m) <= room]
        with_prefix, message = min(fits, key=lambda fit: said.index(fit[1])) if fits else (False, said[-1])
        text = Text()
        if with_prefix:  # else the words alone: the most the line can say
            text.append(prefix, style="bold")
        text.append(message, style=style)
        return text
