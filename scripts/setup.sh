#!/usr/bin/env bash
# Install what the project needs: a Python venv with requirements.txt in .venv, and (as root,
# when missing) Debian's PostgreSQL server for the tests. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt

if [ "${1:-}" = "--with-postgres" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else
        echo "setup.sh: PostgreSQL is not installed; run as root or: sudo apt-get install postgresql" >&2
    fi
fi
(cd integration_tests && ../.venv/bin/dbt deps --quiet --profiles-dir .)
