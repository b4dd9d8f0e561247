#!/usr/bin/env bash
# Run a command with a throw-away PostgreSQL server beside it:
#   .ci/with-postgres.sh make test
# Installs Debian's postgresql package when no server binaries are found, creates a
# cluster in a temporary folder (trust auth, a free localhost port, its own socket
# folder), creates the database `coachbot_test`, runs the command with
#   TEST_DATABASE_URL_POSTGRES=postgresql+asyncpg://postgres@127.0.0.1:PORT/coachbot_test
# and stops and removes the cluster on exit, whatever the command did. The tests make
# a fresh database per test on that server. PostgreSQL refuses to run as root, so as
# root the server runs as the `postgres` user that the Debian package creates.
set -euo pipefail

log() { echo "with-postgres: $*" >&2; }

find_bindir() {
    local dir
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    # Debian keeps the server binaries out of PATH, one folder per major version.
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "$dir/pg_ctl" && -x "$dir/initdb" ]]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

if ! BINDIR=$(find_bindir); then
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        log "no PostgreSQL server found; install Debian's postgresql package (or put pg_ctl on PATH)"
        exit 1
    fi
    log "installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
    BINDIR=$(find_bindir)
fi

as_server_user() {
    if [[ $(id -u) -ne 0 ]]; then
        "$@"
    elif command -v runuser >/dev/null 2>&1; then
        runuser -u postgres -- "$@"
    else
        su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
}

PGTMP=$(mktemp -d "${TMPDIR:-/tmp}/coachbot-pg.XXXXXX")
cleanup() {
    local status=$?
    if [[ -f "$PGTMP/data/postmaster.pid" ]]; then
        as_server_user "$BINDIR/pg_ctl" -D "$PGTMP/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PGTMP"
    exit "$status"
}
trap cleanup EXIT
# A signal ends the script through the EXIT trap, so the server never outlives it.
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 141' PIPE
trap 'exit 143' TERM

if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$PGTMP"
fi

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

as_server_user "$BINDIR/initdb" -D "$PGTMP/data" -U postgres --auth=trust --encoding=UTF8 \
    --no-locale --no-sync >"$PGTMP/initdb.log" 2>&1 || {
    cat "$PGTMP/initdb.log" >&2
    exit 1
}
# Durability is worth nothing in a throw-away cluster: no fsync makes each test's
# CREATE DATABASE and migrations quick.
if ! as_server_user "$BINDIR/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 60 \
    -o "-p $PORT -k $PGTMP -c listen_addresses=127.0.0.1 -c max_connections=300 \
        -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null; then
    cat "$PGTMP/server.log" >&2
    exit 1
fi
"$BINDIR/createdb" -h 127.0.0.1 -p "$PORT" -U postgres coachbot_test

export TEST_DATABASE_URL_POSTGRES="postgresql+asyncpg://postgres@127.0.0.1:$PORT/coachbot_test"
log "PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
"$@"
