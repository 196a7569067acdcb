# Sourced by ./run-tests: the system programs the end-to-end tests drive (OpenSSH for the
# SSH classroom test; systemd-analyze checks the warm server's unit file). Installed with apt-get when missing and we are root; otherwise the
# test that needs them says what to install.
if { [ ! -x /usr/sbin/sshd ] || ! command -v ssh >/dev/null 2>&1 || ! command -v ssh-keygen >/dev/null 2>&1 \
     || ! command -v scp >/dev/null 2>&1; } && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "tui-tutor setup: installing OpenSSH for the SSH classroom test ..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        openssh-server openssh-client) >/dev/null || echo "tui-tutor setup: could not install OpenSSH" >&2
fi
if ! command -v systemd-analyze >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "tui-tutor setup: installing systemd (systemd-analyze) for the unit file test ..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends systemd) \
        >/dev/null || echo "tui-tutor setup: could not install systemd" >&2
fi
