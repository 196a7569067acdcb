"""The preload protocol: what the server accepts, checked without a server."""

from __future__ import annotations

import json

import pytest

from tests.unit.test_import_hygiene import imported_after
from tui_tutor.preload import protocol
from tui_tutor.preload.session import exit_status

SUBCOMMANDS = {"serve", "preload"}


def request(**fields) -> bytes:
    return json.dumps({"argv": ["neuron"], "cwd": "/home/tutor/students/x", "env": {}, **fields}).encode()


def test_a_plain_request_is_accepted():
    env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": "/srv/students/SHA256_ab-c_d",
           "XDG_DATA_HOME": "/srv/students/SHA256_ab-c_d/data", "NO_COLOR": "1", "BROWSER": "true",
           "OMP_NUM_THREADS": "1", "TEXTUAL_DRIVER": protocol.WEB_DRIVER, "COLUMNS": "80",
           "TUI_TUTOR_LESSONS": "~/my course"}
    parsed = protocol.parse_request(request(argv=["neuron", "--set", "b=2"], env=env), SUBCOMMANDS)
    assert parsed == protocol.Request(("neuron", "--set", "b=2"), "/home/tutor/students/x", env)


@pytest.mark.parametrize("fields, why", [
    ({"argv": ["serve", "--host", "0.0.0.0"]}, "not `tui-tutor serve`"),
    ({"argv": ["preload", "--socket", "/tmp/s"]}, "not `tui-tutor preload`"),
    ({"argv": ["x"] * 65}, "at most 64"),
    ({"argv": ["x" * 1025]}, "at most 1024"),
    ({"argv": ["neu\0ron"]}, "argv"),
    ({"argv": "neuron"}, "argv"),
    ({"cwd": "students/x"}, "cwd"),
    ({"cwd": "/srv/students/../other"}, "cwd"),
    ({"cwd": "//srv"}, "cwd"),
    ({"env": {"LD_PRELOAD": "/tmp/x.so"}}, "LD_PRELOAD is not accepted"),
    ({"env": {"PATH": "/tmp"}}, "PATH is not accepted"),
    ({"env": {"PYTHONSTARTUP": "/tmp/x.py"}}, "PYTHONSTARTUP is not accepted"),
    ({"env": {"TUI_TUTOR_PRELOAD": "/tmp/s"}}, "TUI_TUTOR_PRELOAD is not accepted"),
    ({"env": {"TERM": "xterm$(id)"}}, "TERM has a value"),
    ({"env": {"LC_TIME": "a b"}}, "LC_TIME has a value"),
    ({"env": {"HOME": "relative"}}, "HOME has a value"),
    ({"env": {"BROWSER": "lynx"}}, "BROWSER has a value"),
    ({"env": {"TEXTUAL_DRIVER": "textual.drivers.linux_driver:LinuxDriver"}}, "TEXTUAL_DRIVER has a value"),
    ({"env": {"OMP_NUM_THREADS": "0"}}, "OMP_NUM_THREADS has a value"),
    ({"env": {"TUI_TUTOR_LESSONS": "course\nrm -rf"}}, "TUI_TUTOR_LESSONS has a value"),
    ({"env": {"TERM": 1}}, "env must map"),
    ({"shell": "sh"}, "fields"),
])
def test_anything_else_is_refused_with_a_reason(fields, why):
    with pytest.raises(protocol.Refused, match=why.replace("$", r"\$").replace("(", r"\(")):
        protocol.parse_request(request(**fields), SUBCOMMANDS)


@pytest.mark.parametrize("data", [b"", b"\xff\xfe", b"[1, 2]", b'"text"', b"{"])
def test_a_message_that_is_not_a_json_object_is_refused(data):
    with pytest.raises(protocol.Refused):
        protocol.parse_request(data, SUBCOMMANDS)


def test_the_launcher_sends_only_what_the_server_accepts():
    env = {"TERM": "xterm", "LD_PRELOAD": "x.so", "PATH": "/usr/bin", "LC_ALL": "C.UTF-8", "LC_TIME": "a b",
           "NO_COLOR": "", "TUI_TUTOR_PRELOAD": "/run/s", "HOME": "/home/a"}
    sent = json.loads(protocol.request(["neuron"], "/home/a", env))
    assert sent["env"] == {"TERM": "xterm", "LC_ALL": "C.UTF-8", "HOME": "/home/a"}
    assert protocol.parse_request(protocol.request(["neuron"], "/home/a", env), SUBCOMMANDS).env == sent["env"]


def test_a_huge_request_is_refused_before_it_is_sent():
    with pytest.raises(protocol.Refused, match="at most 65536"):
        protocol.request(["x"] * 100_000, "/", {})


@pytest.mark.parametrize("code, status", [(None, 0), (0, 0), (2, 2), (256 + 3, 3), ("bye", 1)])
def test_exit_status_as_sys_exit_makes_it(code, status, capsys):
    assert exit_status(code) == status
    assert capsys.readouterr().err == ("bye\n" if code == "bye" else "")


def test_the_launchers_path_imports_neither_textual_nor_torch():
    loaded = imported_after("import tui_tutor.__main__, tui_tutor.preload.launcher")
    assert not loaded & {"textual", "rich", "torch"}
