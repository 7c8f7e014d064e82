#!/usr/bin/env bash
# Runs Apache Kafka in KRaft mode on 127.0.0.1 with the machine's Java, from
# the jars deploy/kafka/fetch.sh puts in $PL_KAFKA_HOME. No Docker, no ZooKeeper.
#
# Usage: deploy/kafka/kafka.sh COMMAND [--brokers 1|3]
#   start          format storage if new, start the brokers, wait until they answer
#   stop           SIGTERM, then SIGKILL after $PL_KAFKA_STOP_TIMEOUT seconds
#   status         which brokers run (exit 0 all, 1 some, 3 none)
#   kill9 N        SIGKILL broker N (fault tests)
#   restart-one N  stop broker N (gracefully) if it runs, start it, wait until it answers
#   bootstrap      print the bootstrap servers (host:port,...)
#   topics ARGS    kafka-topics (org.apache.kafka.tools.TopicCommand) against the cluster,
#                  e.g. topics --create --topic t --partitions 3
#
# --brokers 1 (default): one combined broker+controller, 127.0.0.1:9092 (controller :9093).
# --brokers 3: three combined nodes, 127.0.0.1:19092-19094 (controllers :19192-19194),
#   replication factor 3, min.insync.replicas 2, no unclean leader election.
# Without --brokers, stop/status/kill9/restart-one/bootstrap/topics use the set that was
# started last.
#
# Env: PL_KAFKA_HOME           jars (default <repo>/var/kafka/dist)
#      PL_KAFKA_DATA           data, configs, logs, pid files (default <repo>/var/kafka/data)
#      PL_KAFKA_PORT           single broker port (default 9092; controller = +1)
#      PL_KAFKA_CLUSTER_PORT   first port of the 3-broker set (default 19092; controllers +100)
#      PL_KAFKA_CLUSTER_ID     cluster id used when formatting new storage (default random)
#      PL_KAFKA_HEAP           JVM heap options (default "-Xms256m -Xmx512m")
#      PL_KAFKA_START_TIMEOUT  seconds to wait for the brokers to answer (default 90)
#      PL_KAFKA_STOP_TIMEOUT   seconds between SIGTERM and SIGKILL (default 30)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
home=${PL_KAFKA_HOME:-$root/var/kafka/dist}
data=${PL_KAFKA_DATA:-$root/var/kafka/data}
single_port=${PL_KAFKA_PORT:-9092}
cluster_port=${PL_KAFKA_CLUSTER_PORT:-19092}
heap=${PL_KAFKA_HEAP:--Xms256m -Xmx512m}
start_timeout=${PL_KAFKA_START_TIMEOUT:-90}
stop_timeout=${PL_KAFKA_STOP_TIMEOUT:-30}
readonly probe_timeout_s=2   # kcat metadata request timeout per probe
readonly log_tail_lines=40   # lines of each log shown when a broker fails
readonly quorum_lost_grace_s=5  # see stop_brokers

die() { echo "kafka: $*" >&2; exit 1; }
say() { echo "kafka: $*"; }

# ---- layout -------------------------------------------------------------

set_dir() { if [ "$1" = 1 ]; then echo "$data/single"; else echo "$data/cluster3"; fi; }
broker_dir() { echo "$(set_dir "$1")/b$2"; }
broker_port() { if [ "$1" = 1 ]; then echo "$single_port"; else echo $((cluster_port + $2 - 1)); fi; }
controller_port() {
  if [ "$1" = 1 ]; then echo $((single_port + 1)); else echo $((cluster_port + 100 + $2 - 1)); fi
}
bootstrap_of() {
  local n=$1 i out=""
  for ((i = 1; i <= n; i++)); do out+="${out:+,}127.0.0.1:$(broker_port "$n" "$i")"; done
  echo "$out"
}

# Prints the pid of broker ($1 set, $2 index) if that very broker runs; removes
# the pid file of a process that is gone.
broker_pid() {
  local dir pidf pid
  dir=$(broker_dir "$1" "$2")
  pidf="$dir/kafka.pid"
  [ -f "$pidf" ] || return 1
  pid=$(cat "$pidf")
  if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] \
      && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -F "kafka.Kafka $dir/server.properties" >/dev/null; then
    echo "$pid"
    return 0
  fi
  launched_alive "$1" "$2" || rm -f "$pidf"
  return 1
}

# The process launch() started for broker ($1 set, $2 index) still exists,
# whatever it runs yet: right after launch() it may still be the forked shell
# on its way to exec java (seen on a loaded machine: the first check came
# before the exec, and the broker was taken for dead).
launched_alive() {
  local pidf pid
  pidf="$(broker_dir "$1" "$2")/kafka.pid"
  [ -f "$pidf" ] || return 1
  pid=$(cat "$pidf")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

running_count() {
  local n=$1 i c=0
  for ((i = 1; i <= n; i++)); do broker_pid "$n" "$i" >/dev/null && c=$((c + 1)); done
  echo "$c"
}

# The set named by --brokers, else the one started last, else the single broker.
resolve_set() {
  if [ -n "$opt_brokers" ]; then echo "$opt_brokers"; return; fi
  if [ -f "$data/active" ]; then cat "$data/active"; return; fi
  echo 1
}

# ---- configuration ------------------------------------------------------

write_config() {
  local n=$1 i=$2 dir voters="" j rf minisr
  dir=$(broker_dir "$n" "$i")
  mkdir -p "$dir/logs" "$dir/data"
  for ((j = 1; j <= n; j++)); do voters+="${voters:+,}$j@127.0.0.1:$(controller_port "$n" "$j")"; done
  if [ "$n" = 1 ]; then rf=1; minisr=1; else rf=3; minisr=2; fi
  cat >"$dir/server.properties" <<EOF
# Written by deploy/kafka/kafka.sh on every start; edit the script, not this file.
process.roles=broker,controller
node.id=$i
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$(broker_port "$n" "$i"),CONTROLLER://127.0.0.1:$(controller_port "$n" "$i")
advertised.listeners=PLAINTEXT://127.0.0.1:$(broker_port "$n" "$i")
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data

num.partitions=1
default.replication.factor=$rf
min.insync.replicas=$minisr
offsets.topic.replication.factor=$rf
offsets.topic.num.partitions=8
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$minisr
transaction.state.log.num.partitions=8
unclean.leader.election.enable=false
# Topics are created on purpose (kafka.sh topics --create), never by a typo.
auto.create.topics.enable=false
# A ledger is kept forever; topics may still set their own retention.
log.retention.ms=-1
group.initial.rebalance.delay.ms=0

# Two cores on the development machines.
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
log.cleaner.threads=1
background.threads=4
EOF
  cat >"$dir/log4j.properties" <<EOF
# Written by deploy/kafka/kafka.sh. server.log holds the broker, controller and raft logs.
log4j.rootLogger=INFO, server
log4j.appender.server=org.apache.log4j.RollingFileAppender
log4j.appender.server.File=$dir/logs/server.log
log4j.appender.server.MaxFileSize=64MB
log4j.appender.server.MaxBackupIndex=4
log4j.appender.server.layout=org.apache.log4j.PatternLayout
log4j.appender.server.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.org.apache.kafka.clients=WARN
EOF
}

tools_log4j() {
  local f="$data/tools-log4j.properties"
  mkdir -p "$data"
  cat >"$f" <<EOF
log4j.rootLogger=ERROR, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF
  echo "$f"
}

# Kafka's Uuid text form: 16 random bytes, URL-safe base64 without padding,
# not starting with '-' (the storage tool would read it as an option).
random_cluster_id() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
    if [ "${id:0:1}" != "-" ]; then echo "$id"; return; fi
  done
}

cluster_id() {
  local n=$1 f
  f="$(set_dir "$n")/cluster.id"
  if [ ! -s "$f" ]; then
    mkdir -p "$(set_dir "$n")"
    echo "${PL_KAFKA_CLUSTER_ID:-$(random_cluster_id)}" >"$f"
  fi
  cat "$f"
}

# ---- processes ----------------------------------------------------------

java_opts() {
  local dir=$1
  # shellcheck disable=SC2206
  local h=($heap)
  printf '%s\n' "${h[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true -Djava.net.preferIPv4Stack=true \
    "-Xlog:gc*:file=$dir/logs/gc.log:time,tags:filecount=4,filesize=16M" \
    "-Dlog4j.configuration=file:$dir/log4j.properties" "-Dkafka.logs.dir=$dir/logs"
}

ensure_dist() {
  [ -f "$home/.fetched" ] || "$here/fetch.sh"
  ls "$home"/kafka_2.13-*.jar >/dev/null 2>&1 || die "no Kafka jars in $home (run deploy/kafka/fetch.sh)"
  command -v java >/dev/null || die "java not found (OpenJDK 17)"
  command -v kcat >/dev/null || die "kcat not found (deploy/setup.sh installs it)"
}

port_busy() {
  command -v ss >/dev/null || return 1
  [ -n "$(ss -Hltn "( sport = :$1 )" 2>/dev/null)" ]
}

# Formats storage if new and starts broker ($1 set, $2 index) in the background.
launch() {
  local n=$1 i=$2 dir p
  dir=$(broker_dir "$n" "$i")
  for p in "$(broker_port "$n" "$i")" "$(controller_port "$n" "$i")"; do
    if port_busy "$p"; then die "port $p is already in use (not by broker $i of this set)"; fi
  done
  write_config "$n" "$i"
  local opts
  mapfile -t opts < <(java_opts "$dir")
  if [ ! -f "$dir/data/meta.properties" ]; then
    java -Xmx256m "-Dlog4j.configuration=file:$(tools_log4j)" -cp "$home/*" kafka.tools.StorageTool \
      format -t "$(cluster_id "$n")" -c "$dir/server.properties" --ignore-formatted \
      >>"$dir/logs/format.log" 2>&1 \
      || { tail -n "$log_tail_lines" "$dir/logs/format.log" >&2; die "formatting storage of broker $i failed"; }
  fi
  {
    echo "==== $(date -Is) start"
  } >>"$dir/logs/stdout.log"
  # setsid: the broker outlives this shell and its terminal; exec keeps the pid.
  (cd "$dir" && exec setsid java "${opts[@]}" -cp "$home/*" kafka.Kafka "$dir/server.properties" \
      >>"$dir/logs/stdout.log" 2>&1 </dev/null) &
  echo $! >"$dir/kafka.pid"
}

show_logs() {
  local n=$1 i=$2 dir f
  dir=$(broker_dir "$n" "$i")
  for f in "$dir/logs/stdout.log" "$dir/logs/server.log" "$dir"/hs_err_pid*.log; do
    [ -f "$f" ] || continue
    echo "---- last $log_tail_lines lines of $f" >&2
    tail -n "$log_tail_lines" "$f" >&2
  done
}

# Number of brokers in the metadata broker ($1 set, $2 index) answers with, or nothing.
metadata_brokers() {
  kcat -b "127.0.0.1:$(broker_port "$1" "$2")" -L -m "$probe_timeout_s" 2>/dev/null \
    | grep -cE '^  broker [0-9]+ at ' || true
}

# Waits until each broker in "$3..." of set $1 runs and reports $2 brokers in its metadata.
wait_answer() {
  local n=$1 want=$2 deadline i pending c
  shift 2
  deadline=$(($(date +%s) + start_timeout))
  pending=("$@")
  while [ ${#pending[@]} -gt 0 ]; do
    local still=()
    for i in "${pending[@]}"; do
      if ! broker_pid "$n" "$i" >/dev/null; then
        if launched_alive "$n" "$i"; then still+=("$i"); continue; fi  # not yet exec'd java
        show_logs "$n" "$i"
        echo "kafka: broker $i exited during start-up (logs above)" >&2
        return 1
      fi
      c=$(metadata_brokers "$n" "$i")
      [ "${c:-0}" -ge "$want" ] || still+=("$i")
    done
    pending=("${still[@]+"${still[@]}"}")
    [ ${#pending[@]} -eq 0 ] && return 0
    if [ "$(date +%s)" -ge "$deadline" ]; then
      for i in "${pending[@]}"; do show_logs "$n" "$i"; done
      echo "kafka: broker(s) ${pending[*]} did not answer within ${start_timeout}s (logs above)" >&2
      return 1
    fi
    sleep 1
  done
}

# Stops the brokers "$2..." of set $1: SIGTERM, wait, SIGKILL after the timeout.
# A KRaft broker's controlled shutdown needs a controller quorum (a majority of
# the set's nodes). Once fewer than a majority still run, the ones left can
# never finish it (Kafka would wait up to 5 minutes), so they get SIGKILL after
# a short grace instead; their logs are recovered on the next start.
stop_brokers() {
  local n=$1 i e pid t0 now deadline lost_since="" majority alive
  shift
  local pids=() left=() killed=()
  majority=$((n / 2 + 1))
  for i in "$@"; do
    if pid=$(broker_pid "$n" "$i"); then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$i:$pid")
    fi
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  t0=$(date +%s)
  deadline=$((t0 + stop_timeout))
  while :; do
    left=()
    for e in "${pids[@]}"; do
      if kill -0 "${e#*:}" 2>/dev/null; then left+=("$e"); fi
    done
    [ ${#left[@]} -gt 0 ] || break
    now=$(date +%s)
    alive=$(running_count "$n")
    if [ "$alive" -lt "$majority" ]; then
      [ -n "$lost_since" ] || lost_since=$now
    else
      lost_since=""
    fi
    if [ "$now" -ge "$deadline" ] \
        || { [ -n "$lost_since" ] && [ $((now - lost_since)) -ge "$quorum_lost_grace_s" ]; }; then
      for e in "${left[@]}"; do
        if [ "$now" -ge "$deadline" ]; then
          say "broker ${e%%:*} still running after ${stop_timeout}s: SIGKILL"
        else
          say "broker ${e%%:*} cannot finish controlled shutdown without a controller quorum: SIGKILL"
        fi
        kill -KILL "${e#*:}" 2>/dev/null || true
        killed+=("${e%%:*}")
      done
      for e in "${left[@]}"; do
        while kill -0 "${e#*:}" 2>/dev/null; do sleep 0.1; done
      done
      break
    fi
    sleep 0.5
  done
  for e in "${pids[@]}"; do
    rm -f "$(broker_dir "$n" "${e%%:*}")/kafka.pid"
  done
  say "stopped broker(s) $(for e in "${pids[@]}"; do printf '%s ' "${e%%:*}"; done)in $(($(date +%s) - t0))s${killed[0]:+ (SIGKILL: ${killed[*]})}"
}

# ---- commands -----------------------------------------------------------

cmd_start() {
  local n=$1 other i started=()
  if [ "$n" = 1 ]; then other=3; else other=1; fi
  [ "$(running_count "$other")" -eq 0 ] || die "the $other-broker set is running; stop it first"
  ensure_dist
  mkdir -p "$data"
  echo "$n" >"$data/active"
  local t0
  t0=$(date +%s)
  for ((i = 1; i <= n; i++)); do
    if broker_pid "$n" "$i" >/dev/null; then
      say "broker $i already running"
    else
      launch "$n" "$i"
      started+=("$i")
    fi
  done
  local all=()
  for ((i = 1; i <= n; i++)); do all+=("$i"); done
  if ! wait_answer "$n" "$n" "${all[@]}"; then
    [ ${#started[@]} -eq 0 ] || { stop_timeout=5 stop_brokers "$n" "${started[@]}" >/dev/null; }
    exit 1
  fi
  say "$n broker(s) up in $(($(date +%s) - t0))s, bootstrap $(bootstrap_of "$n")"
}

cmd_stop() {
  local sets=() n i
  if [ -n "$opt_brokers" ]; then sets=("$opt_brokers"); else sets=(1 3); fi
  for n in "${sets[@]}"; do
    local idx=()
    for ((i = 1; i <= n; i++)); do idx+=("$i"); done
    stop_brokers "$n" "${idx[@]}"
  done
}

cmd_status() {
  local n i pid up=0 dir
  n=$(resolve_set)
  say "$n-broker set, bootstrap $(bootstrap_of "$n"), data $(set_dir "$n")"
  for ((i = 1; i <= n; i++)); do
    if pid=$(broker_pid "$n" "$i"); then
      up=$((up + 1))
      printf '  broker %d  127.0.0.1:%s  running  pid %s  sees %s broker(s)\n' \
        "$i" "$(broker_port "$n" "$i")" "$pid" "$(metadata_brokers "$n" "$i")"
    else
      printf '  broker %d  127.0.0.1:%s  stopped\n' "$i" "$(broker_port "$n" "$i")"
    fi
  done
  if [ "$n" = 1 ]; then n=3; else n=1; fi
  [ "$(running_count "$n")" -eq 0 ] || say "note: the $n-broker set is running too"
  n=$(resolve_set)
  [ "$up" -eq "$n" ] && return 0
  [ "$up" -eq 0 ] && return 3
  return 1
}

check_index() {
  local n=$1 i=$2
  [[ "$i" =~ ^[0-9]+$ ]] && [ "$i" -ge 1 ] && [ "$i" -le "$n" ] || die "broker index must be 1..$n, got '$i'"
}

cmd_kill9() {
  local n i=$1 pid
  n=$(resolve_set)
  check_index "$n" "$i"
  pid=$(broker_pid "$n" "$i") || die "broker $i of the $n-broker set is not running"
  kill -KILL "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  rm -f "$(broker_dir "$n" "$i")/kafka.pid"
  say "broker $i (pid $pid) killed with SIGKILL"
}

cmd_restart_one() {
  local n i=$1 t0
  n=$(resolve_set)
  check_index "$n" "$i"
  ensure_dist
  stop_brokers "$n" "$i"
  t0=$(date +%s)
  launch "$n" "$i"
  wait_answer "$n" 1 "$i" || exit 1
  # "Answers" is not "registered": wait until the broker lists itself.
  local deadline=$(($(date +%s) + start_timeout))
  until kcat -b "127.0.0.1:$(broker_port "$n" "$i")" -L -m "$probe_timeout_s" 2>/dev/null \
      | grep -E "^  broker $i at " >/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || { show_logs "$n" "$i"; die "broker $i did not register within ${start_timeout}s"; }
    sleep 1
  done
  say "broker $i up in $(($(date +%s) - t0))s"
}

cmd_topics() {
  local n
  n=$(resolve_set)
  [ "$(running_count "$n")" -gt 0 ] || die "no broker of the $n-broker set is running"
  ensure_dist
  exec java -Xmx256m "-Dlog4j.configuration=file:$(tools_log4j)" -cp "$home/*" \
    org.apache.kafka.tools.TopicCommand --bootstrap-server "$(bootstrap_of "$n")" "$@"
}

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "${1:-2}"; }

[ $# -ge 1 ] || usage
cmd=$1
shift
opt_brokers=""
args=()
while [ $# -gt 0 ]; do
  case $1 in
    --brokers) [ $# -ge 2 ] || die "--brokers needs 1 or 3"; opt_brokers=$2; shift 2 ;;
    --brokers=*) opt_brokers=${1#*=}; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
case $opt_brokers in ""|1|3) ;; *) die "--brokers must be 1 or 3, got '$opt_brokers'" ;; esac

case $cmd in
  start) [ ${#args[@]} -eq 0 ] || usage; cmd_start "${opt_brokers:-1}" ;;
  stop) [ ${#args[@]} -eq 0 ] || usage; cmd_stop ;;
  status) [ ${#args[@]} -eq 0 ] || usage; cmd_status ;;
  kill9) [ ${#args[@]} -eq 1 ] || usage; cmd_kill9 "${args[0]}" ;;
  restart-one) [ ${#args[@]} -eq 1 ] || usage; cmd_restart_one "${args[0]}" ;;
  bootstrap) [ ${#args[@]} -eq 0 ] || usage; bootstrap_of "$(resolve_set)" ;;
  topics) cmd_topics "${args[@]+"${args[@]}"}" ;;
  -h|--help|help) usage 0 ;;
  *) usage ;;
esac
