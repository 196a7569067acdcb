# Sourced by ./run-tests: the system programs the end-to-end tests drive (OpenSSH for the
# SSH classroom test; systemd-analyze checks the warm server's unit file). Installed with
# apt-get when missing and we are root; otherwise the test that needs them says what to install.
if { [ ! -x /usr/sbin/sshd ] || ! command -v ssh >/dev/null 2>&1 || ! command -v ssh-keygen >/dev/null 2>&1 \
     || ! command -v scp >/dev/null 2>&1; } && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "tui-tutor setup: installing OpenSSH for the SSH classroom test ..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        openssh-server openssh-client) >/dev/null || echo "tui-tutor setup: could not install OpenSSH" >&2
fi
# Headless Chromium for the browser tests (the handout's page, `tui-tutor serve`), driven by
# Playwright from the test extra with executable_path=/usr/bin/chromium.
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "tui-tutor setup: installing Chromium for the browser tests ..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        chromium fonts-dejavu-core) >/dev/null || echo "tui-tutor setup: could not install Chromium" >&2
fi
# PostgreSQL (server binaries: initdb, pg_ctl) for the class store's tests on PostgreSQL; the
# tests start their own throw-away server in a temporary folder, never the system's.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1 \
     && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "tui-tutor setup: installing PostgreSQL for the class store tests ..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        postgresql) >/dev/null || echo "tui-tutor setup: could not install PostgreSQL" >&2
fi
if ! command -v systemd-analyze >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "tui-tutor setup: installing systemd (systemd-analyze) for the unit file test ..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends systemd) \
        >/dev/null || echo "tui-tutor setup: could not install systemd" >&2
fi
