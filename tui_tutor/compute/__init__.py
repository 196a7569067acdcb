"""The tutor's one source of numbers: small PyTorch functions, float64 throughout.

Each submodule holds one concept and returns frozen dataclasses of plain
Python numbers (floats, ints, tuples) that a screen can show without touching
tensors. Nothing here imports a UI library; `tests/unit/test_import_hygiene.py`
enforces it. Importing this package is cheap: torch is imported by the
submodules, which the app loads off its start-up path.
"""
