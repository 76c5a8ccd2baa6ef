#!/usr/bin/env bash
# Start or stop a real Spark standalone cluster on 127.0.0.1 for the tests: a Master, a Worker and
# the Thrift (HiveServer2) server, all from the pip pyspark in .venv with the machine's Java.
# Usage: scripts/spark.sh start|stop   (Thrift port: AMPLITUDE_SESSIONS_SPARK_PORT, default 10000)
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

case "${1:-}" in
    start)
        if .venv/bin/python -c "import socket; socket.create_connection(('127.0.0.1', $port), 1).close()" 2>/dev/null; then
            echo "Spark Thrift server already listening on 127.0.0.1:$port"
            exit 0
        fi
        command -v java >/dev/null || { echo "spark.sh: java is missing (apt-get install openjdk-17-jre-headless)" >&2; exit 1; }
        mkdir -p "$SPARK_LOG_DIR" "$SPARK_PID_DIR" "$base/warehouse" "$base/metastore"
        "$daemon" start "$master_class" 1 --host 127.0.0.1 --port 7077 --webui-port 18080 >/dev/null
        "$daemon" start "$worker_class" 1 --host 127.0.0.1 --cores 2 --memory 3g --webui-port 18081 \
            spark://127.0.0.1:7077 >/dev/null
        (cd "$base/metastore" && "$daemon" submit "$thrift_class" 1 \
            --master spark://127.0.0.1:7077 \
            --driver-memory 2g --executor-memory 2g \
            --conf spark.sql.warehouse.dir="$base/warehouse" \
            --conf spark.sql.shuffle.partitions=4 \
            --conf spark.ui.enabled=false \
            --hiveconf hive.server2.thrift.port="$port" \
            --hiveconf hive.server2.thrift.bind.host=127.0.0.1 >/dev/null)
        for _ in $(seq 1 120); do
            if .venv/bin/python -c "import socket; socket.create_connection(('127.0.0.1', $port), 1).close()" 2>/dev/null; then
                echo "Spark $(.venv/bin/python -c 'import pyspark; print(pyspark.__version__)') standalone cluster, Thrift server on 127.0.0.1:$port"
                exit 0
            fi
            sleep 1
        done
        echo "spark.sh: the Thrift server did not open port $port; logs in $SPARK_LOG_DIR" >&2
        tail -n 30 "$SPARK_LOG_DIR"/*HiveThriftServer2*.out >&2 || true
        exit 1
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
