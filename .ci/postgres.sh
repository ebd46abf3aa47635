#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL 15 server on 127.0.0.1 for the test suite.
#   eval "$(.ci/postgres.sh start DIR)"   -> exports RUNNERUP_TEST_PG_URL
#   .ci/postgres.sh stop DIR
# initdb and pg_ctl refuse to run as root, so they run as the postgres user.
set -euo pipefail
action=${1:?start|stop}
dir=${2:?data folder}

find_bin() {
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
start)
  bin=$(find_bin) || {
    if [ "$(id -u)" = 0 ]; then
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2 || true
    fi
    bin=$(find_bin) || { echo "echo 'postgres: no server binaries; PostgreSQL tests will be skipped' >&2"; exit 0; }
  }
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home "$dir" postgres
    chown -R postgres "$dir"
  fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >/dev/null
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres runnerup_test
  echo "export RUNNERUP_TEST_PG_URL=postgresql://postgres@127.0.0.1:$port/runnerup_test"
  ;;
stop)
  bin=$(find_bin) || exit 0
  [ -d "$dir/data" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  ;;
esac
