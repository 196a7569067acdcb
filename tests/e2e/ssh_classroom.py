"""A throw-away OpenSSH server on 127.0.0.1 set up like the classroom in deploy/ssh/.

The server uses deploy/ssh/sshd_config.tui-tutor word for word (its global MaxStartups and the
Match block), with three substitutions only: the account (the user running the tests), the
ForceCommand path (the wrapper in this tree) and a `SetEnv` that points the wrapper at this tree's
tutor, at a temporary students folder and at a temporary socket for the warm server (which a
test starts there with `preload()`, or not). Host key, user keys, authorized_keys, pid file, the
students' folders and the server's socket all live in one temporary folder.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.preload_server import PreloadServer

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "ssh"
MATCH_BLOCK = DEPLOY / "sshd_config.tui-tutor"
WRAPPER = DEPLOY / "tui-tutor-ssh"
SSHD = "/usr/sbin/sshd"  # sshd re-executes itself and insists on an absolute path


def missing_tools() -> list[str]:
    """The OpenSSH programs this needs that are not installed."""
    wanted = {SSHD: Path(SSHD).exists(), "ssh": shutil.which("ssh"), "ssh-keygen": shutil.which("ssh-keygen")}
    return [name for name, found in wanted.items() if not found]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def keygen(path: Path, comment: str) -> Path:
    """A new passphrase-less ed25519 key at `path`; returns the public key's path."""
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)],
                   check=True, stdin=subprocess.DEVNULL, timeout=30)
    return path.with_name(path.name + ".pub")


def fingerprint(public_key: Path) -> str:
    """`SHA256:...` of a public key file, as ssh-keygen prints it."""
    out = subprocess.run(["ssh-keygen", "-E", "sha256", "-lf", str(public_key)], check=True,
                         capture_output=True, text=True, timeout=30).stdout
    return out.split()[1]


def student_folder_name(public_key: Path) -> str:
    """The folder name the wrapper gives the owner of this key."""
    return fingerprint(public_key).translate(str.maketrans({":": "_", "/": "_", "+": "-"}))


def classroom_match_block(account: str, wrapper: Path, tutor: str, students: Path, preload: Path,
                          settings: dict[str, str] | None = None) -> str:
    """deploy/ssh/sshd_config.tui-tutor with the account, wrapper, tutor and server socket of this test
    run, and the admin's other `settings` (a class, its instructors) on the same SetEnv line."""
    text = MATCH_BLOCK.read_text(encoding="utf-8")
    more = "".join(f" {name}={value}" for name, value in (settings or {}).items())
    for path in (str(wrapper), tutor, str(students), str(preload), *(settings or {}).values()):
        assert not re.search(r"[\s\"'#\\]", path), f"an sshd_config value cannot hold spaces, quotes or #: {path!r}"
    substitutions = [
        (r"(?m)^Match User tutor$", f"Match User {account}"),
        (r"(?m)^(\s*)ForceCommand /usr/local/bin/tui-tutor-ssh$", rf"\g<1>ForceCommand {wrapper}"),
        (r"(?m)^(\s*)#SetEnv TUI_TUTOR_BIN=\S+ TUI_TUTOR_STUDENTS=\S+ TUI_TUTOR_PRELOAD=\S+$",
         rf"\g<1>SetEnv TUI_TUTOR_BIN={tutor} TUI_TUTOR_STUDENTS={students} TUI_TUTOR_PRELOAD={preload}{more}"),
    ]
    for pattern, replacement in substitutions:
        text, count = re.subn(pattern, replacement, text)
        assert count == 1, f"{MATCH_BLOCK} no longer has exactly one line matching {pattern!r}"
    return text


@dataclass
class Classroom:
    """A running sshd for the classroom account, and what a client needs to log in."""

    folder: Path
    tutor: str
    account: str = field(default_factory=lambda: pwd.getpwuid(os.getuid()).pw_name)
    port: int = 0
    process: subprocess.Popen | None = None
    settings: dict[str, str] = field(default_factory=dict)
    """More of the admin's SetEnv settings for the wrapper (TUI_TUTOR_CLASS, TUI_TUTOR_INSTRUCTORS)."""

    @property
    def students(self) -> Path:
        return self.folder / "students"

    @property
    def log(self) -> Path:
        return self.folder / "sshd.log"

    def preload(self) -> PreloadServer:
        """The warm server whose socket the wrapper looks for (not started)."""
        return PreloadServer(self.folder / "preload")

    def key(self, name: str) -> Path:
        return self.folder / name

    def student_folder(self, key: str) -> Path:
        """The folder the wrapper keeps for the owner of the key called `key`."""
        return self.students / student_folder_name(self.key(f"{key}.pub"))

    def forget(self, key: str) -> Path:
        """Delete that student's folder (a first visit); returns its path."""
        folder = self.student_folder(key)
        shutil.rmtree(folder, ignore_errors=True)
        return folder

    def set_up(self, student_keys: tuple[str, ...] = ("alice", "bob")) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.folder.chmod(0o700)
        keygen(self.folder / "host_key", "classroom host")
        with (self.folder / "authorized_keys").open("w", encoding="utf-8") as keys:
            for name in student_keys:
                keys.write(keygen(self.key(name), name).read_text(encoding="utf-8"))
        self.students.mkdir(mode=0o700)
        if os.geteuid() == 0:
            # sshd's privilege-separation folder, normally made by the service unit.
            Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)

    def config(self, port: int) -> Path:
        """The server's configuration: test-only global settings, then the deploy Match block."""
        f = self.folder
        text = "\n".join([
            f"ListenAddress 127.0.0.1:{port}",
            f"HostKey {f / 'host_key'}",
            f"PidFile {f / 'sshd.pid'}",
            f"AuthorizedKeysFile {f / 'authorized_keys'}",
            "StrictModes no",
            "UsePAM no",
            "PermitUserEnvironment no",
            "PermitRootLogin prohibit-password",
            "Subsystem sftp internal-sftp",  # as on a real server: sftp/scp must meet the ForceCommand
            "LogLevel VERBOSE",
            "",
            classroom_match_block(self.account, WRAPPER, self.tutor, self.students, self.preload().socket,
                                  self.settings),
        ])
        path = f / "sshd_config"
        path.write_text(text, encoding="utf-8")
        return path

    def check_config(self) -> str:
        """`sshd -t`, then the settings sshd applies to the account (`sshd -T`), as text."""
        config = self.config(self.port or 22)
        subprocess.run([SSHD, "-t", "-f", str(config)], check=True, capture_output=True, timeout=30)
        return subprocess.run(
            [SSHD, "-T", "-f", str(config), "-C", f"user={self.account},host=localhost,addr=127.0.0.1"],
            check=True, capture_output=True, text=True, timeout=30).stdout

    def start(self, attempts: int = 3) -> None:
        """Start sshd on a free port; wait until it accepts connections."""
        for _ in range(attempts):
            self.port = free_port()
            config = self.config(self.port)
            log = self.log.open("ab")
            self.process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stdin=subprocess.DEVNULL,
                                            stdout=log, stderr=log, start_new_session=True)
            log.close()
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline and self.process.poll() is None:
                try:
                    with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                        s.settimeout(5)
                        if s.recv(64).startswith(b"SSH-2.0-"):
                            return
                except OSError:
                    time.sleep(0.1)
            self.stop()  # the port was taken meanwhile, or sshd failed: try again
        raise AssertionError(f"sshd did not start; its log:\n{self.log_text()}")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else "(no log)"

    def client_options(self, key: str, *options: str) -> list[str]:
        """ssh/scp options that log in with the key called `key`; `options` first, as the first value wins."""
        return [
            "-F", "/dev/null",  # no system or user ssh_config (no SendEnv defaults, no agent)
            *options,
            "-i", str(self.key(key)),
            "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "BatchMode=yes",
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "ConnectTimeout=15", "-o", "LogLevel=ERROR",
        ]

    def ssh(self, key: str = "alice", *options: str, command: list[str] | None = None) -> list[str]:
        """The `ssh` command line that logs in to the classroom with the key called `key`."""
        return ["ssh", *self.client_options(key, *options), "-p", str(self.port),
                f"{self.account}@127.0.0.1", *(command or [])]

    def scp(self, key: str, source: Path, target: str, *options: str) -> list[str]:
        """The `scp` command line that copies `source` to `target` on the classroom server."""
        return ["scp", *self.client_options(key, *options), "-P", str(self.port),
                str(source), f"{self.account}@127.0.0.1:{target}"]


def client_env(**extra: str) -> dict[str, str]:
    """The ssh client's environment: this one without agent, colour or locale hints, plus `extra`."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"SSH_AUTH_SOCK", "NO_COLOR", "COLORTERM", "TEXTUAL", "FORCE_COLOR"}}
    env.update(extra)
    return env
