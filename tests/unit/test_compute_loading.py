"""Compute submodules load one thread at a time: torch's first import never runs in two threads
at once (a failed concurrent first import leaves torch unusable for the whole session)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_a_thread_waits_while_another_loads_a_compute_module():
    script = textwrap.dedent("""
        import sys, threading, time
        import tui_tutor.compute as compute

        loaded = []
        def load(name):
            exec(f"from tui_tutor.compute import {name}")
            loaded.append(name)

        with compute._LOADING:  # as if another thread were loading a submodule now
            threads = [threading.Thread(target=load, args=(n,)) for n in ("losses", "neuron", "descent")]
            for t in threads:
                t.start()
            time.sleep(0.5)
            print("while held:", sorted(loaded), "torch" in sys.modules)
        for t in threads:
            t.join(60)
        print("after:", sorted(loaded), "torch" in sys.modules)
        from tui_tutor.compute import nothing_like_this
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert "while held: [] False" in done.stdout, done.stdout + done.stderr
    assert "after: ['descent', 'losses', 'neuron'] True" in done.stdout, done.stdout + done.stderr
    assert "ImportError: cannot import name 'nothing_like_this'" in done.stderr
