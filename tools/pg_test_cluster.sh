#!/usr/bin/env bash
# A private PostgreSQL + PostGIS cluster for the tests, on loopback, in a folder of its own.
#
#   tools/pg_test_cluster.sh install           install Debian's PostgreSQL 15 + PostGIS 3 if missing
#   tools/pg_test_cluster.sh start DIR PORT    initdb in DIR, start on 127.0.0.1:PORT, create the
#                                              database "atlas" with PostGIS; prints its URL
#   tools/pg_test_cluster.sh stop DIR [PORT]   stop the cluster started in DIR
#
# The system cluster (if any) is never touched: the data, the log and the Unix socket all live in
# DIR. Run as root, the server runs as the "postgres" user (DIR is handed to it). Every wait is
# bounded (pg_ctl -t). Messages go to stderr; only the URL goes to stdout.
set -euo pipefail

PG_VERSION=15
PACKAGES=(postgresql-15 postgresql-15-postgis-3)
BIN=/usr/lib/postgresql/$PG_VERSION/bin
POSTGIS_CONTROL=/usr/share/postgresql/$PG_VERSION/extension/postgis.control
WAIT=60
DB=atlas
USER_NAME=atlas

die() { echo "pg_test_cluster: $*" >&2; exit 1; }

usage() { die "usage: $0 install | start DIR PORT | stop DIR [PORT]"; }

install() {
    if [[ -x $BIN/initdb && -x $BIN/pg_ctl && -f $POSTGIS_CONTROL ]]; then
        return 0
    fi
    [[ $(id -u) -eq 0 ]] || die "PostgreSQL $PG_VERSION with PostGIS is not installed, and" \
        "installing it needs root: apt-get install ${PACKAGES[*]}"
    echo "pg_test_cluster: installing ${PACKAGES[*]} (apt-get)" >&2
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null; }; then
        die "could not install ${PACKAGES[*]} with apt-get (no Debian mirror reachable?)"
    fi
    [[ -x $BIN/initdb && -f $POSTGIS_CONTROL ]] \
        || die "apt-get finished but $BIN/initdb or $POSTGIS_CONTROL is still missing"
}

# Run a PostgreSQL program as the cluster's owner.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start() {
    local dir=$1 port=$2
    [[ $port =~ ^[0-9]+$ ]] && ((port > 0 && port < 65536)) || die "port '$port' is not a number"
    install
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [[ $(id -u) -eq 0 ]]; then
        chown postgres: "$dir"
        chmod 700 "$dir"
        as_owner test -w "$dir" || die "$dir: the postgres user cannot write here (a parent" \
            "folder is private?); use a folder under /tmp"
    fi
    if [[ ! -f $dir/data/PG_VERSION ]]; then
        as_owner "$BIN/initdb" -D "$dir/data" -U "$USER_NAME" -A trust -E UTF8 \
            --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
            || die "initdb failed in $dir/data (see $dir/initdb.log)"
    fi
    as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t "$WAIT" \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" \
        -o "-c synchronous_commit=off -c full_page_writes=off -c max_connections=40" \
        start >/dev/null \
        || die "the server did not start on 127.0.0.1:$port within ${WAIT}s (see $dir/server.log)"
    local psql=("$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$USER_NAME")
    if [[ -z $(as_owner "${psql[@]}" -d postgres -tAc \
            "SELECT 1 FROM pg_database WHERE datname = '$DB'") ]]; then
        as_owner "${psql[@]}" -d postgres -c "CREATE DATABASE $DB" >/dev/null \
            || die "could not create the database $DB"
    fi
    as_owner "${psql[@]}" -d "$DB" -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null \
        || die "could not create the postgis extension in $DB"
    echo "postgresql://$USER_NAME@127.0.0.1:$port/$DB"
}

stop() {
    local dir=$1
    [[ -f $dir/data/postmaster.pid ]] || return 0
    as_owner "$BIN/pg_ctl" -D "$dir/data" -m fast -w -t "$WAIT" stop >/dev/null \
        || die "the server in $dir did not stop within ${WAIT}s"
}

case ${1:-} in
    install) [[ $# -eq 1 ]] || usage; install ;;
    start) [[ $# -eq 3 ]] || usage; start "$2" "$3" ;;
    stop) [[ $# -eq 2 || $# -eq 3 ]] || usage; stop "$2" ;;
    *) usage ;;
esac
