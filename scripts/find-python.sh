# Sourced by ./run-tutor and ./run-tests: picks a Python 3.11+ into $PY.
for candidate in python3.13 python3.12 python3.11 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        PY=$candidate
        return 0
    fi
done
echo "tui-tutor needs Python 3.11 or newer on PATH" >&2
exit 2
