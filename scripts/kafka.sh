#!/usr/bin/env bash
# A real Apache Kafka for development, tests, the demo, CI and benchmarks: downloaded from
# Maven Central with the machine's Maven, run with the machine's Java, state under .kafka/.
#
#   scripts/kafka.sh provision                 download the jars (a no-op once done)
#   scripts/kafka.sh start [--port N]          start (or reuse) a one-node KRaft broker on
#                                              127.0.0.1:N (default 9092); last line of
#                                              stdout is the bootstrap address
#   scripts/kafka.sh stop [--port N]           stop it; its data is kept for the next start
#   scripts/kafka.sh reset [--port N]          stop it and delete its data
#   scripts/kafka.sh status [--port N]         exit 0 if a Kafka broker answers on that port
#   scripts/kafka.sh list                      ports of the brokers kafka.sh started that still run
#   scripts/kafka.sh classpath                 one line: the classpath of Kafka and Kafka
#                                              Connect (runtime, file, json, transforms, mirror)
#   scripts/kafka.sh connect-standalone <worker.properties> [connector files...]
#                                              run Apache Kafka Connect itself, logs on stderr
#
# Environment: KAFKA_HEAP_OPTS (default -Xmx1g -Xms256m), KAFKA_START_TIMEOUT (seconds,
# default 120), KAFKA_STATE_DIR (default <repo>/.kafka).
set -euo pipefail

# Newest 4.x whose broker AND Kafka Connect artifacts are all on Maven Central.
KAFKA_VERSION=4.3.1

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TEMPLATES=$ROOT/scripts/kafka
STATE=${KAFKA_STATE_DIR:-$ROOT/.kafka}
LIB=$STATE/lib-$KAFKA_VERSION
START_TIMEOUT=${KAFKA_START_TIMEOUT:-120}
STOP_TIMEOUT=60
HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xmx1g -Xms256m}

die() {
  echo "kafka.sh: $*" >&2
  exit 1
}

info() {
  echo "kafka.sh: $*" >&2
}

require_java() {
  command -v java >/dev/null || die "java not found on PATH: Kafka $KAFKA_VERSION needs a JDK 17 or newer"
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [[ ${major%%.*} -ge 17 ]] || die "java $major found, but Kafka $KAFKA_VERSION needs Java 17 or newer"
}

provision() {
  [[ -f $LIB/.complete ]] && return 0
  command -v mvn >/dev/null || die "mvn not found on PATH: Maven is needed to download Kafka $KAFKA_VERSION"
  mkdir -p "$STATE"
  # Two concurrent first runs must not both write the same folder (flock is Linux-only).
  exec 9>"$STATE/provision.lock"
  if command -v flock >/dev/null; then flock 9; fi
  if [[ ! -f $LIB/.complete ]]; then
    local tmp=$LIB.tmp.$$ log=$STATE/provision.log
    info "downloading Apache Kafka $KAFKA_VERSION from Maven Central (log: $log)"
    if ! mvn -B -ntp -f "$TEMPLATES/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp" >"$log" 2>&1; then
      grep -E '^\[ERROR\]' "$log" | head -5 >&2 || true
      rm -rf "$tmp"
      die "Maven could not download Kafka $KAFKA_VERSION (full log: $log)"
    fi
    touch "$tmp/.complete"
    rm -rf "$LIB"
    mv "$tmp" "$LIB"
  fi
  exec 9>&-
}

classpath() {
  provision
  local jars=("$LIB"/*.jar)
  local IFS=:
  echo "${jars[*]}"
}

# True when a Kafka broker answers an ApiVersions request on 127.0.0.1:$1, i.e. it accepts
# requests. Plain bash, no JVM: a 4-byte size, api key 18, version 0, correlation id 7 and a
# null client id; the reply must echo correlation id 7.
kafka_answers() {
  local reply
  reply=$(timeout 3 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1"
    printf "\x00\x00\x00\x0a\x00\x12\x00\x00\x00\x00\x00\x07\xff\xff" >&3
    head -c 8 <&3 | od -An -tx1' _ "$1" 2>/dev/null) || return 1
  reply=${reply//[[:space:]]/}
  [[ $reply =~ ^[0-9a-f]{8}00000007$ ]]
}

port_open() {
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

parse_port() {
  PORT=9092
  while [[ $# -gt 0 ]]; do
    case $1 in
      --port) PORT=${2:-}; shift 2 || die "--port needs a value" ;;
      --port=*) PORT=${1#--port=}; shift ;;
      *) die "unknown argument '$1'" ;;
    esac
  done
  [[ $PORT =~ ^[0-9]+$ && $PORT -ge 1 && $PORT -le 65535 ]] || die "invalid port '$PORT'"
  # The controller listener needs a port of its own, derived so that two brokers never share one.
  if ((PORT + 10000 <= 65535)); then CONTROLLER_PORT=$((PORT + 10000)); else CONTROLLER_PORT=$((PORT - 10000)); fi
  ((CONTROLLER_PORT >= 1)) || die "no free controller port can be derived from $PORT"
  DIR=$STATE/broker-$PORT
  PID_FILE=$DIR/broker.pid
}

# Alive and not a zombie (whoever reaps orphans may be slow, or may never do it).
alive() {
  local stat
  stat=$(ps -p "$1" -o stat= 2>/dev/null) || return 1
  [[ $stat != Z* ]]
}

# The pid of the broker this script started on $PORT, if it is still that process.
broker_pid() {
  [[ -f $PID_FILE ]] || return 1
  local pid
  pid=$(<"$PID_FILE")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  alive "$pid" || return 1
  ps -p "$pid" -o args= 2>/dev/null | grep -qF "$DIR/server.properties" || return 1
  echo "$pid"
}

log_tail() {
  local log
  for log in "$DIR/logs/server.log" "$DIR/logs/stdout.log"; do
    if [[ -s $log ]]; then
      echo "--- last lines of $log ---" >&2
      tail -n 20 "$log" >&2
    fi
  done
}

java_opts() {
  # shellcheck disable=SC2206 # the heap options are a list of words
  JAVA_OPTS=($HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
    "-Dlog4j2.configurationFile=$TEMPLATES/broker-log4j2.properties" "-Dkafka.logs.dir=$DIR/logs")
}

random_cluster_id() {
  # Kafka's Uuid: 16 random bytes, URL-safe base64 without padding, never starting with '-'.
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    [[ $id != -* ]] && break
  done
  echo "$id"
}

start() {
  parse_port "$@"
  local tool
  for tool in timeout flock setsid; do
    command -v "$tool" >/dev/null || die "$tool not found: kafka.sh needs Linux (coreutils, util-linux); elsewhere use docker compose up"
  done
  mkdir -p "$DIR/logs"
  # A second start on the same port waits here for the first, then finds its broker answering.
  exec 8>"$DIR/start.lock"
  flock -w "$START_TIMEOUT" 8 || die "another 'kafka.sh start --port $PORT' holds $DIR/start.lock"

  local pid=''
  if kafka_answers "$PORT"; then
    info "reusing the Kafka broker already answering on 127.0.0.1:$PORT"
    echo "127.0.0.1:$PORT"
    return 0
  fi
  if pid=$(broker_pid); then
    info "the broker started earlier on port $PORT (pid $pid) is still coming up; waiting for it"
  else
    port_open "$PORT" && die "port $PORT is taken by something that is not a Kafka broker"
    port_open "$CONTROLLER_PORT" && die "controller port $CONTROLLER_PORT (derived from $PORT) is already taken"
    provision
    require_java
    sed -e "s|@PORT@|$PORT|g" -e "s|@CONTROLLER_PORT@|$CONTROLLER_PORT|g" -e "s|@DATA_DIR@|$DIR/data|g" \
      "$TEMPLATES/server.properties.template" >"$DIR/server.properties"
    local cp
    cp=$(classpath)
    java_opts
    if [[ ! -f $DIR/data/meta.properties ]]; then
      local id
      id=$(random_cluster_id)
      info "formatting a new KRaft cluster $id in $DIR/data"
      java "${JAVA_OPTS[@]}" -cp "$cp" kafka.tools.StorageTool format --standalone \
        -t "$id" -c "$DIR/server.properties" >"$DIR/logs/format.log" 2>&1 ||
        { tail -n 20 "$DIR/logs/format.log" >&2; die "formatting the storage in $DIR/data failed"; }
    fi
    info "starting Kafka $KAFKA_VERSION on 127.0.0.1:$PORT (state: $DIR)"
    # Its own session, so the broker outlives this script and the terminal or test run behind it;
    # without our lock descriptors, or it would hold the start lock for as long as it runs.
    setsid nohup java "${JAVA_OPTS[@]}" -cp "$cp" kafka.Kafka "$DIR/server.properties" \
      >"$DIR/logs/stdout.log" 2>&1 </dev/null 8>&- 9>&- &
    pid=$!
    echo "$pid" >"$PID_FILE"
  fi

  local deadline=$((SECONDS + START_TIMEOUT))
  until kafka_answers "$PORT"; do
    if ! alive "$pid"; then
      log_tail
      die "the broker on port $PORT exited during start-up (logs: $DIR/logs)"
    fi
    if ((SECONDS >= deadline)); then
      log_tail
      die "the broker on port $PORT did not answer within ${START_TIMEOUT}s (pid $pid, logs: $DIR/logs)"
    fi
    sleep 0.2
  done
  echo "127.0.0.1:$PORT"
}

stop() {
  parse_port "$@"
  local pid
  if ! pid=$(broker_pid); then
    rm -f "$PID_FILE"
    if kafka_answers "$PORT"; then
      info "the broker on port $PORT was not started by kafka.sh from $ROOT; leaving it alone"
    else
      info "no broker running on port $PORT"
    fi
    return 0
  fi
  info "stopping the broker on port $PORT (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while alive "$pid"; do
    if ((SECONDS >= deadline)); then
      info "the broker did not stop within ${STOP_TIMEOUT}s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$PID_FILE"
}

reset() {
  stop "$@"
  parse_port "$@"
  ! kafka_answers "$PORT" || die "a broker still answers on port $PORT; not deleting $DIR"
  rm -rf "$DIR"
  info "deleted $DIR"
}

status() {
  parse_port "$@"
  if kafka_answers "$PORT"; then
    echo "127.0.0.1:$PORT"
  else
    info "no Kafka broker answers on 127.0.0.1:$PORT"
    return 1
  fi
}

list() {
  local pidfile port
  for pidfile in "$STATE"/broker-*/broker.pid; do
    [[ -f $pidfile ]] || continue
    port=${pidfile%/broker.pid}
    port=${port##*/broker-}
    (parse_port --port "$port" && broker_pid >/dev/null) && echo "$port"
  done
  return 0
}

connect_standalone() {
  [[ $# -ge 1 ]] || die "usage: kafka.sh connect-standalone <worker.properties> [connector files...]"
  local cp
  cp=$(classpath)
  require_java
  exec java ${KAFKA_HEAP_OPTS:--Xmx1g} -Djava.awt.headless=true \
    "-Dlog4j2.configurationFile=$TEMPLATES/connect-log4j2.properties" \
    -cp "$cp" org.apache.kafka.connect.cli.ConnectStandalone "$@"
}

command=${1:-}
[[ $# -gt 0 ]] && shift
case $command in
  provision) provision ;;
  start) start "$@" ;;
  stop) stop "$@" ;;
  reset) reset "$@" ;;
  status) status "$@" ;;
  list) list ;;
  classpath) classpath ;;
  connect-standalone) connect_standalone "$@" ;;
  version) echo "$KAFKA_VERSION" ;;
  *) die "usage: kafka.sh provision | start [--port N] | stop [--port N] | reset [--port N] | status [--port N] | list | classpath | connect-standalone <worker> [connectors...] | version" ;;
esac
