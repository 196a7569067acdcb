"""The preload protocol: what the server accepts, checked without a server."""

from __future__ import annotations

import pytest

from tests.unit.test_import_hygiene import imported_after
from tui_tutor.preload import protocol
from tui_tutor.preload.session import exit_status

SUBCOMMANDS = {"serve", "preload"}


def request(argv=("neuron",), cwd="/home/tutor/students/x", env=None, version="tui-tutor/2", count=None) -> bytes:
    """A request as the protocol's docstring spells it: NUL between the fields."""
    fields = [version, cwd, str(len(argv) if count is None else count), *argv,
              *(f"{name}={value}" for name, value in (env or {}).items())]
    return "\0".join(fields).encode()


def test_a_plain_request_is_accepted():
    env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": "/srv/students/SHA256_ab-c_d",
           "XDG_DATA_HOME": "/srv/students/SHA256_ab-c_d/data", "NO_COLOR": "1", "BROWSER": "true",
           "OMP_NUM_THREADS": "1", "TEXTUAL_DRIVER": protocol.WEB_DRIVER, "COLUMNS": "80",
           "TUI_TUTOR_LESSONS": "~/my course"}
    parsed = protocol.parse_request(request(argv=["neuron", "--set", "b=2"], env=env), SUBCOMMANDS)
    assert (parsed.argv, parsed.cwd, parsed.env) == (("neuron", "--set", "b=2"), "/home/tutor/students/x", env)


def test_an_argument_may_hold_any_text_but_nul():
    argv = ["--set", "a=1", "--lessons", "/srv/my course/ünïcode", "", "x=y=z"]
    assert protocol.parse_request(request(argv=argv), SUBCOMMANDS).argv == tuple(argv)


@pytest.mark.parametrize("fields, why", [
    ({"argv": ["serve", "--host", "0.0.0.0"]}, "not `tui-tutor serve`"),
    ({"argv": ["preload", "--socket", "/tmp/s"]}, "not `tui-tutor preload`"),
    ({"argv": ["x"] * 65}, "at most 64"),
    ({"argv": ["x" * 1025]}, "at most 1024"),
    ({"argv": ["neu\0ron"]}, "env must be NAME=VALUE"),
    ({"count": 2}, "argv"),
    ({"count": "two"}, "argv"),
    ({"count": 65, "argv": ["x"] * 65}, "at most 64"),
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
    ({"version": "tui-tutor/1"}, "not a request"),
    ({"argv": ["neuron", "--set", "b=2"], "count": 1}, "env must be NAME=VALUE"),
])
def test_anything_else_is_refused_with_a_reason(fields, why):
    with pytest.raises(protocol.Refused, match=why.replace("$", r"\$").replace("(", r"\(")):
        protocol.parse_request(request(**fields), SUBCOMMANDS)


@pytest.mark.parametrize("data", [b"", b"\xff\xfe", b"tui-tutor/2", b"tui-tutor/2\0/", b'{"argv": [], "cwd": "/", "env": {}}'])
def test_a_message_that_is_not_a_request_is_refused(data):
    with pytest.raises(protocol.Refused):
        protocol.parse_request(data, SUBCOMMANDS)


def test_the_launcher_sends_only_what_the_server_accepts():
    env = {"TERM": "xterm", "LD_PRELOAD": "x.so", "PATH": "/usr/bin", "LC_ALL": "C.UTF-8", "LC_TIME": "a b",
           "NO_COLOR": "", "TUI_TUTOR_PRELOAD": "/run/s", "HOME": "/home/a"}
    sent = protocol.request(["neuron"], "/home/a", env)
    assert sent == b"tui-tutor/2\0/home/a\x001\0neuron\0TERM=xterm\0LC_ALL=C.UTF-8\0HOME=/home/a"
    assert protocol.parse_request(sent, SUBCOMMANDS).env == {"TERM": "xterm", "LC_ALL": "C.UTF-8", "HOME": "/home/a"}


def test_a_variable_given_twice_is_refused():
    with pytest.raises(protocol.Refused, match="TERM is given twice"):
        protocol.parse_request(b"tui-tutor/2\0/\x000\0TERM=xterm\0TERM=vt100", SUBCOMMANDS)


@pytest.mark.parametrize("data, reply", [
    (b"started 4242", ("started", 4242)), (b"done 0", ("done", 0)), (b"exit 2", ("exit", 2)),
    (b"killed 9", ("killed", 9)), (b"refused variable PATH is not accepted",
                                    ("refused", "variable PATH is not accepted")),
])
def test_the_launcher_reads_each_reply(data, reply):
    assert protocol.parse_reply(data) == reply
    assert protocol.reply(*reply) == data


@pytest.mark.parametrize("data", [b"", b"started", b"started x", b"exit 1.5", b"shell 1", b'{"exit": 0}'])
def test_anything_else_is_not_a_reply(data):
    with pytest.raises(protocol.Refused):
        protocol.parse_reply(data)


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


def test_the_launcher_imports_next_to_nothing():
    """It runs before every session and stays for all of it: what it imports, every session pays
    (`re`, `json`, `enum`, `socket`: about 1 MB together)."""
    bare = imported_after("")
    loaded = imported_after("import tui_tutor.__main__, tui_tutor.preload.launcher")
    assert loaded - bare <= {"tui_tutor", "_socket", "__future__"}, loaded - bare
