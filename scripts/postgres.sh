#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL cluster on 127.0.0.1 for the tests (Debian's postgresql package).
# Usage: scripts/postgres.sh start|stop   (port: AMPLITUDE_SESSIONS_PG_PORT, default 54329)
set -euo pipefail

port="${AMPLITUDE_SESSIONS_PG_PORT:-54329}"
data="${AMPLITUDE_SESSIONS_PG_DATA:-/tmp/amplitude_sessions_pg}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -n "$bin" ] || { echo "postgres.sh: no PostgreSQL server found (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
    start)
        if [ ! -s "$data/PG_VERSION" ]; then
            mkdir -p "$data"
            [ "$(id -u)" = 0 ] && chown postgres "$data"
            # ICU en-US collation, as most servers have: string order there is not byte order,
            # which the package must not depend on.
            as_owner "$bin/initdb" -D "$data" -A trust -U postgres --no-sync \
                --locale=C.UTF-8 --locale-provider=icu --icu-locale=en-US >/dev/null
        fi
        if as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
            echo "PostgreSQL already running in $data"
        else
            as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
                -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$data -c fsync=off" start >/dev/null
        fi
        as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
            "select 1 from pg_database where datname = 'amplitude_sessions_it'" | grep -q 1 \
            || as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "create database amplitude_sessions_it"
        echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
        ;;
    stop)
        if [ -s "$data/postmaster.pid" ]; then
            as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
        fi
        ;;
    *)
        echo "usage: $0 start|stop" >&2
        exit 2
        ;;
esac
