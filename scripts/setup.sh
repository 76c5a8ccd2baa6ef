#!/usr/bin/env bash
# Install what the project needs: a Python venv with requirements.txt in .venv, the one jar the Spark Thrift
# server lacks, and (as root, when missing) Debian's PostgreSQL server for the tests. Safe to run again.
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
# Spark 4's distribution leaves out hive-llap-common, which Hive's function registry needs (SPARK-51041): without
# it the Thrift server fails, then hangs, once a session's close loads that registry. The jar is taken from the
# pyspark 3.5.5 source distribution on PyPI and checked; scripts/spark.sh puts it on the Thrift server's classpath.
llap_jar=.venv/spark-jars/hive-llap-common-2.3.9.jar
llap_sha256=bbc07775a0b14180540b44d7879fb35dc92967a1e7a968063ca890c4e604c0b9
if ! echo "$llap_sha256  $llap_jar" | sha256sum --check --status 2>/dev/null; then
    download="$(mktemp -d)"
    .venv/bin/python -m pip download --quiet --disable-pip-version-check --no-deps \
        --dest "$download" pyspark==3.5.5
    tar --no-same-owner -xzf "$download/pyspark-3.5.5.tar.gz" -C "$download" pyspark-3.5.5/deps/jars/hive-llap-common-2.3.9.jar
    mkdir -p "$(dirname "$llap_jar")"
    mv "$download/pyspark-3.5.5/deps/jars/hive-llap-common-2.3.9.jar" "$llap_jar"
    rm -rf "$download"
    echo "$llap_sha256  $llap_jar" | sha256sum --check --quiet
fi
(cd integration_tests && ../.venv/bin/dbt deps --quiet --profiles-dir .)
