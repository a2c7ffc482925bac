#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on 127.0.0.1 for the test suite and
# print the URL to use as TIMELINE_TEST_DB_URL. Installs Debian's postgresql
# when absent (CI runs as root on a Debian machine).
#   export TIMELINE_TEST_DB_URL="$(scripts/pg.sh)"
set -euo pipefail
PORT="${PGPORT_TEST:-55432}"
DATA="${PGDATA_TEST:-/tmp/timeline-pg}"
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
fi
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
RUN=(runuser -u postgres --)
[ "$(id -u)" -ne 0 ] && RUN=()
if [ ! -f "$DATA/PG_VERSION" ]; then
    mkdir -p "$DATA"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DATA"
    "${RUN[@]}" "$BIN/initdb" -D "$DATA" -U postgres -A trust >/dev/null
fi
port_free() {
    python3 -c "import socket,sys; s=socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1])))" "$1" 2>/dev/null
}
if ! "${RUN[@]}" "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    # Another server (not ours) may hold the port: take the next free one.
    for _ in $(seq 1 50); do port_free "$PORT" && break; PORT=$((PORT + 1)); done
    "${RUN[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
        -o "-h 127.0.0.1 -p $PORT -k /tmp -c fsync=off -c max_connections=100" start >/dev/null
    echo "$PORT" > "$DATA.port"
elif [ -f "$DATA.port" ]; then
    PORT="$(cat "$DATA.port")"  # already running: on the port it was given
fi
"${RUN[@]}" "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qtAc \
    "SELECT 1 FROM pg_database WHERE datname='timeline_test'" | grep -q 1 \
    || "${RUN[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres timeline_test
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/timeline_test"
