#!/usr/bin/env bash
# Start or stop a real Spark standalone cluster on 127.0.0.1 for the tests: a Master, a Worker and
# the Thrift (HiveServer2) server, all from the pip pyspark in .venv with the machine's Java.
# Thrift port: AMPLITUDE_SESSIONS_SPARK_PORT, default 10000.
# Usage: scripts/spark.sh start|stop|restart-thrift|request-threads
#   restart-thrift: stops and starts the Thrift server alone (the test harness does it when a call to it hangs)
#   request-threads: the Thrift server's request threads that are not waiting for a request (a Java thread dump)
set -euo pipefail
cd "$(dirname "$0")/.."

export SPARK_HOME="$(.venv/bin/python -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')"
base="${AMPLITUDE_SESSIONS_SPARK_DIR:-/tmp/amplitude_sessions_spark}"
export SPARK_LOG_DIR="$base/logs" SPARK_PID_DIR="$base/pids" SPARK_LOCAL_IP=127.0.0.1
unset SPARK_NO_DAEMONIZE
port="${AMPLITUDE_SESSIONS_SPARK_PORT:-10000}"
daemon="$SPARK_HOME/sbin/spark-daemon.sh"
master_class=org.apache.spark.deploy.master.Master
worker_class=org.apache.spark.deploy.worker.Worker
thrift_class=org.apache.spark.sql.hive.thriftserver.HiveThriftServer2

thrift_log() {
    ls -t "$SPARK_LOG_DIR"/*HiveThriftServer2*.out 2>/dev/null | head -n 1
}

listening() {
    .venv/bin/python -c "import socket; socket.create_connection(('127.0.0.1', $port), 1).close()" 2>/dev/null
}

# TERM, then KILL when the server has not ended after 20 s (a server that stopped answering may not end by itself).
stop_thrift() {
    local pid_file pid
    pid_file="$(ls "$SPARK_PID_DIR"/*HiveThriftServer2*.pid 2>/dev/null | head -n 1)"
    [ -n "$pid_file" ] || return 0
    pid="$(cat "$pid_file")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 1
    done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pid_file"
    while listening; do sleep 1; done
}

# hive-llap-common, which Spark 4 leaves out and Hive's function registry needs (scripts/setup.sh fetches it).
llap_jar="$(pwd)/.venv/spark-jars/hive-llap-common-2.3.9.jar"

start_thrift() {
    [ -f "$llap_jar" ] || { echo "spark.sh: $llap_jar is missing; run scripts/setup.sh" >&2; return 1; }
    (cd "$base/metastore" && "$daemon" submit "$thrift_class" 1 \
        --master spark://127.0.0.1:7077 \
        --driver-class-path "$llap_jar" \
        --driver-memory 2g --executor-memory 2g \
        --conf spark.sql.warehouse.dir="$base/warehouse" \
        --conf spark.sql.shuffle.partitions=4 \
        --conf spark.ui.enabled=false \
        --hiveconf hive.server2.thrift.port="$port" \
        --hiveconf hive.server2.thrift.bind.host=127.0.0.1 >/dev/null)
    for _ in $(seq 1 120); do
        if listening; then
            echo "Spark $(.venv/bin/python -c 'import pyspark; print(pyspark.__version__)') standalone cluster, Thrift server on 127.0.0.1:$port"
            return 0
        fi
        sleep 1
    done
    echo "spark.sh: the Thrift server did not open port $port; logs in $SPARK_LOG_DIR" >&2
    tail -n 30 "$(thrift_log)" >&2 || true
    return 1
}

case "${1:-}" in
    start)
        if listening; then
            echo "Spark Thrift server already listening on 127.0.0.1:$port"
            exit 0
        fi
        command -v java >/dev/null || { echo "spark.sh: java is missing (apt-get install openjdk-17-jre-headless)" >&2; exit 1; }
        mkdir -p "$SPARK_LOG_DIR" "$SPARK_PID_DIR" "$base/warehouse" "$base/metastore"
        "$daemon" start "$master_class" 1 --host 127.0.0.1 --port 7077 --webui-port 18080 >/dev/null
        "$daemon" start "$worker_class" 1 --host 127.0.0.1 --cores 2 --memory 3g --webui-port 18081 \
            spark://127.0.0.1:7077 >/dev/null
        start_thrift
        ;;
    restart-thrift)
        stop_thrift
        start_thrift
        ;;
    request-threads)
        pid="$(cat "$SPARK_PID_DIR"/*HiveThriftServer2*.pid)"
        log="$(thrift_log)"
        lines_before="$(wc -l <"$log")"
        kill -QUIT "$pid"
        sleep 2
        # The dump's thread blocks (separated by blank lines) of request handlers not idle in a socket read.
        tail -n +"$((lines_before + 1))" "$log" | awk -v RS= '/HiveServer2-Handler-Pool/ && !/socketRead|SocketDispatcher.read|NioSocketImpl.read|ThreadPoolExecutor.getTask/'
        ;;
    stop)
        "$daemon" stop "$thrift_class" 1 >/dev/null 2>&1 || true
        "$daemon" stop "$worker_class" 1 >/dev/null 2>&1 || true
        "$daemon" stop "$master_class" 1 >/dev/null 2>&1 || true
        ;;
    *)
        echo "usage: $0 start|stop" >&2
        exit 2
        ;;
esac
