#!/usr/bin/env bash
# Real HDFS, S3 and YARN services on 127.0.0.1, started by hand: the same classes the tests start
# (xmassnu.jobs.testing.HdfsTestCluster, S3TestServer, YarnTestCluster; cluster-conf/README.md).
#   cluster-conf/test-services.sh start hdfs|s3|yarn     start one and wait until it is up (yarn brings its own HDFS)
#   cluster-conf/test-services.sh stop [hdfs|s3|yarn]    stop one, or all, by PID
#   cluster-conf/test-services.sh status
#   cluster-conf/test-services.sh xmass hdfs|s3|yarn ARGS...
#       the command line (xmassnu.jobs.cli.Main) with the service's settings, on the test class path (which has
#       hadoop-aws and spark-yarn, as bin/xmass's runtime class path now does); XMASS_JAVA_OPTS, XMASS_DRIVER_MEMORY
#       as for bin/xmass (a later -Dkey=value overrides the service's)
#   cluster-conf/test-services.sh classpath              the test class path (builds it when missing)
# Files: target/test-services/{hdfs.uri, s3.conf, yarn.conf, yarn-hdfs.uri, *.log, *.pid}. s3.conf and yarn.conf
# are spark-defaults files: XMASS_SPARK_DEFAULTS=target/test-services/s3.conf bin/xmass ... works the same.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="$ROOT/target/test-services"
CPFILE="$ROOT/jobs/target/test-classpath.txt"
cmd="${1:-status}"
[ $# -gt 0 ] && shift
mkdir -p "$DIR"

alive() { [ -f "$DIR/$1.pid" ] && kill -0 "$(cat "$DIR/$1.pid")" 2>/dev/null; }

classpath() {
  if [ ! -f "$CPFILE" ] || [ -n "$(find "$ROOT/pom.xml" "$ROOT"/*/pom.xml "$ROOT"/*/src -newer "$CPFILE" -print -quit)" ]; then
    # every module of the reactor writes the file; jobs, the last, has the test class path that matters
    (cd "$ROOT" && mvn -q -B -pl jobs -am test-compile dependency:build-classpath -DincludeScope=test \
      -Dmdep.outputFile="$CPFILE" >&2)
  fi
  echo "$ROOT/jobs/target/test-classes:$ROOT/jobs/target/classes:$(cat "$CPFILE")"
}

wait_for() { # file, seconds, service
  for _ in $(seq 1 $(( $2 * 5 ))); do
    [ -s "$1" ] && return 0
    alive "$3" || { echo "$3 exited while starting; its log $DIR/$3.log:" >&2; tail -20 "$DIR/$3.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "$3 not up after $2 s; its log: $DIR/$3.log" >&2
  exit 1
}

start() { # service main-class args...
  local svc="$1" main="$2"
  shift 2
  if alive "$svc"; then echo "$svc already running (pid $(cat "$DIR/$svc.pid"))" >&2; exit 1; fi
  local cp flags
  cp="$(classpath)"
  flags="$(tr '\n' ' ' < "$ROOT/.mvn/jvm.config")"
  # the services keep their files under ./target of their working directory (TestFiles.newServiceDir)
  mkdir -p "$DIR/target"
  # shellcheck disable=SC2086
  (cd "$DIR" && SPARK_LOCAL_IP=127.0.0.1 exec java $flags -Xmx2g -cp "$cp" -Dxmass.root="$ROOT" "$main" "$@" \
    > "$DIR/$svc.log" 2>&1) &
  echo $! > "$DIR/$svc.pid"
}

case "$cmd" in
  start)
    svc="${1:?usage: $0 start hdfs|s3|yarn}"
    case "$svc" in
      hdfs)
        rm -rf "$DIR/hdfs-data" "$DIR/hdfs.uri"
        start hdfs xmassnu.jobs.testing.HdfsTestCluster --dir "$DIR/hdfs-data" --uri-file "$DIR/hdfs.uri"
        wait_for "$DIR/hdfs.uri" 180 hdfs
        echo "HDFS up: $(cat "$DIR/hdfs.uri")   (pid $(cat "$DIR/hdfs.pid"))"
        ;;
      s3)
        rm -f "$DIR/s3.conf"
        start s3 xmassnu.jobs.testing.S3TestServer --dir "$DIR/s3" --heap "${XMASS_S3_HEAP:-2g}" --conf-file "$DIR/s3.conf"
        wait_for "$DIR/s3.conf" 120 s3
        echo "S3 up: s3a://xmass-test at $(grep 'fs.s3a.endpoint ' "$DIR/s3.conf" | cut -d' ' -f2)   (pid $(cat "$DIR/s3.pid"))"
        echo "settings: $DIR/s3.conf"
        ;;
      yarn)
        rm -f "$DIR/yarn.conf" "$DIR/yarn-hdfs.uri"
        start yarn xmassnu.jobs.testing.YarnTestCluster --conf-file "$DIR/yarn.conf" --uri-file "$DIR/yarn-hdfs.uri"
        wait_for "$DIR/yarn.conf" 300 yarn
        echo "YARN up, HDFS $(cat "$DIR/yarn-hdfs.uri")   (pid $(cat "$DIR/yarn.pid"))"
        echo "settings: $DIR/yarn.conf"
        ;;
      *) echo "usage: $0 start hdfs|s3|yarn" >&2; exit 2 ;;
    esac
    ;;
  stop)
    for svc in ${1:-hdfs s3 yarn}; do
      if alive "$svc"; then
        pid="$(cat "$DIR/$svc.pid")"
        kill "$pid"   # SIGTERM: the service's shutdown hook stops it (and s3proxy's JVM)
        for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        echo "stopped $svc ($pid)"
      fi
      rm -f "$DIR/$svc.pid"
    done
    ;;
  status)
    for svc in hdfs s3 yarn; do
      if alive "$svc"; then echo "$svc running (pid $(cat "$DIR/$svc.pid"))"; else echo "$svc not running"; fi
    done
    ;;
  classpath)
    classpath
    ;;
  xmass)
    svc="${1:?usage: $0 xmass hdfs|s3|yarn ARGS...}"
    shift
    alive "$svc" || { echo "$svc is not running: $0 start $svc" >&2; exit 1; }
    PROPS=()
    case "$svc" in
      hdfs) ;;
      s3|yarn)
        while read -r key value; do
          case "$key" in ''|\#*) continue ;; esac
          PROPS+=("-D$key=$value")
        done < "$DIR/$svc.conf"
        ;;
      *) echo "usage: $0 xmass hdfs|s3|yarn ARGS..." >&2; exit 2 ;;
    esac
    CP="$(classpath)"
    FLAGS="$(tr '\n' ' ' < "$ROOT/.mvn/jvm.config")"
    export SPARK_LOCAL_IP=127.0.0.1
    # shellcheck disable=SC2086
    exec java $FLAGS -Djava.awt.headless=true -Xmx"${XMASS_DRIVER_MEMORY:-4g}" "${PROPS[@]}" ${XMASS_JAVA_OPTS:-} -Dxmass.root="$ROOT" \
      -cp "$CP" xmassnu.jobs.cli.Main "$@"
    ;;
  *) echo "usage: $0 start hdfs|s3|yarn | stop [hdfs|s3|yarn] | status | xmass hdfs|s3|yarn ARGS... | classpath" >&2; exit 2 ;;
esac
