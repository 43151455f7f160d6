#!/usr/bin/env bash
# A real Spark standalone cluster (one Master, one Worker) on 127.0.0.1, started from the Maven jars only
# (no Spark distribution, the "extracp" variant: executors take the Maven runtime classpath).
#   cluster-conf/loopback-cluster.sh start [CORES] [MEMORY]   start Master and Worker, wait until the Worker is alive
#   cluster-conf/loopback-cluster.sh stop                     stop both by PID
#   cluster-conf/loopback-cluster.sh status
#   cluster-conf/loopback-cluster.sh kill-worker | start-worker     (fault injection)
# Then run any command on it:
#   XMASS_SPARK_DEFAULTS=target/loopback-cluster/spark-defaults.conf bin/xmass --master spark://127.0.0.1:7077 pipeline ...
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="$ROOT/target/loopback-cluster"
MASTER_URL="spark://127.0.0.1:7077"
cmd="${1:-status}"

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_worker() {
  local cores memory
  read -r cores memory < "$DIR/worker.args"
  # shellcheck disable=SC2086
  SPARK_LOCAL_IP=127.0.0.1 SPARK_HOME="$DIR/spark-home" SPARK_SCALA_VERSION=2.13 \
    java $(tr '\n' ' ' < "$ROOT/.mvn/jvm.config") -Xmx512m -cp "$DIR/spark-home/conf:$(cat "$ROOT/jobs/target/classpath.txt")" \
    org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores "$cores" --memory "$memory" --webui-port 18081 \
    --work-dir "$DIR/work" "$MASTER_URL" >> "$DIR/worker.log" 2>&1 &
  echo $! > "$DIR/worker.pid"
}

case "$cmd" in
  start)
    CORES="${2:-2}"; MEMORY="${3:-3g}"
    if alive "$DIR/master.pid" || alive "$DIR/worker.pid"; then echo "loopback cluster already running" >&2; exit 1; fi
    [ -f "$ROOT/jobs/target/classpath.txt" ] || (cd "$ROOT" && mvn -q -B -DskipTests package)
    CP="$(cat "$ROOT/jobs/target/classpath.txt")"
    FLAGS="$(tr '\n' ' ' < "$ROOT/.mvn/jvm.config")"
    rm -rf "$DIR" && mkdir -p "$DIR/spark-home/jars" "$DIR/spark-home/conf" "$DIR/work"
    cp "$ROOT/cluster-conf/log4j2.properties" "$DIR/spark-home/conf/"
    # the driver's settings for this cluster (bin/xmass turns every line into a -D system property)
    cat > "$DIR/spark-defaults.conf" <<CONF
spark.master $MASTER_URL
spark.driver.host 127.0.0.1
spark.driver.bindAddress 127.0.0.1
spark.executor.memory 1g
spark.cores.max $CORES
spark.ui.enabled false
spark.sql.shuffle.partitions 4
spark.executor.extraClassPath $CP
spark.executor.extraJavaOptions $FLAGS
CONF
    export SPARK_LOCAL_IP=127.0.0.1
    # shellcheck disable=SC2086
    java $FLAGS -Xmx512m -Dspark.master.rest.enabled=false -cp "$DIR/spark-home/conf:$CP" \
      org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 7077 --webui-port 18080 > "$DIR/master.log" 2>&1 &
    echo $! > "$DIR/master.pid"
    echo "$CORES $MEMORY" > "$DIR/worker.args"
    start_worker
    for _ in $(seq 1 90); do
      if curl -s http://127.0.0.1:18080/json/ | grep -q '"aliveworkers" : 1'; then
        echo "loopback cluster up: $MASTER_URL (master pid $(cat "$DIR/master.pid"), worker pid $(cat "$DIR/worker.pid"))"
        echo "run: XMASS_SPARK_DEFAULTS=$DIR/spark-defaults.conf bin/xmass --master $MASTER_URL <command>"
        exit 0
      fi
      sleep 1
    done
    echo "loopback cluster did not come up; logs in $DIR" >&2
    "$0" stop || true
    exit 1
    ;;
  kill-worker)
    # fault injection: the Worker dies (SIGKILL); its executors notice and exit, the driver reschedules their tasks
    if alive "$DIR/worker.pid"; then kill -9 "$(cat "$DIR/worker.pid")" && echo "killed worker ($(cat "$DIR/worker.pid"))"; fi
    ;;
  start-worker)
    if alive "$DIR/worker.pid"; then echo "worker already running" >&2; exit 1; fi
    start_worker
    echo "started worker ($(cat "$DIR/worker.pid"))"
    ;;
  stop)
    for p in worker master; do
      if alive "$DIR/$p.pid"; then kill "$(cat "$DIR/$p.pid")" && echo "stopped $p ($(cat "$DIR/$p.pid"))"; fi
      rm -f "$DIR/$p.pid"
    done
    ;;
  status)
    for p in master worker; do
      if alive "$DIR/$p.pid"; then echo "$p running (pid $(cat "$DIR/$p.pid"))"; else echo "$p not running"; fi
    done
    ;;
  *) echo "usage: $0 start [CORES] [MEMORY] | stop | status | kill-worker | start-worker" >&2; exit 2 ;;
esac
