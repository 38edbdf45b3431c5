#!/usr/bin/env bash
# Runs the gateway load test with the server and the generator on different cores, so the open-loop numbers are the
# gateway's and not the generator's: the server (this tool with --serve) on core 1, the generator on core 0.
#
#   bench/AlignLab.LoadTest/run-pinned.sh [generator options, e.g. --rate 2000 --seconds 15 --requests 30000 --open-only]
#
# The server's log (standard error: its one line per request, as `alignlab serve` writes it, and any warning) goes to a
# temporary file whose line count is printed at the end; pass --no-request-log to run the server without the request log, --inline-scheduling for
# Kestrel's inline scheduling.
# SERVER_CORES and GENERATOR_CORES (taskset lists) and PORT override the defaults. The server gets the container's gen0
# budget, DOTNET_GCgen0size=0x4000000 (Dockerfile); SERVER_GEN0SIZE overrides it, empty for the runtime's default.
# Prints the load average first: on a shared machine, run it when that is low.
set -euo pipefail
cd "$(dirname "$0")/../.."
SERVER_CORES=${SERVER_CORES:-1}
GENERATOR_CORES=${GENERATOR_CORES:-0}
PORT=${PORT:-5391}
SERVER_GEN0SIZE=${SERVER_GEN0SIZE-0x4000000}
dotnet build -c Release bench/AlignLab.LoadTest -v quiet -nologo >/dev/null
DLL=bench/AlignLab.LoadTest/bin/Release/net10.0/AlignLab.LoadTest.dll
SERVER_ARGS=()
for a in "$@"; do
  if [ "$a" = "--no-request-log" ] || [ "$a" = "--inline-scheduling" ]; then SERVER_ARGS+=("$a"); fi
done
SERVER_LOG=$(mktemp)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); server on cores $SERVER_CORES (DOTNET_GCgen0size=${SERVER_GEN0SIZE:-default}), generator on cores $GENERATOR_CORES"
if [ -n "$SERVER_GEN0SIZE" ]; then
  DOTNET_GCgen0size=$SERVER_GEN0SIZE taskset -c "$SERVER_CORES" dotnet "$DLL" --serve --port "$PORT" "${SERVER_ARGS[@]}" 2>"$SERVER_LOG" &
else
  taskset -c "$SERVER_CORES" dotnet "$DLL" --serve --port "$PORT" "${SERVER_ARGS[@]}" 2>"$SERVER_LOG" &
fi
SERVER=$!
finish() {
  kill -TERM "$SERVER" 2>/dev/null
  wait "$SERVER" 2>/dev/null || true
  echo "server log: $(grep -c . "$SERVER_LOG" || true) lines; other than request lines:"
  grep -v '^info: ' "$SERVER_LOG" | head -20 || true
  rm -f "$SERVER_LOG"
}
trap finish EXIT
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
taskset -c "$GENERATOR_CORES" dotnet "$DLL" --url "http://127.0.0.1:$PORT" --server-pid "$SERVER" "$@"
