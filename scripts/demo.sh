#!/usr/bin/env bash
# The newcomer's first pipeline: a file → Kafka → file run of Kafka's own sample connector
# files (examples/), against the local Kafka (started here if none answers on 9092).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
port=${KAFKA_PORT:-9092}
bootstrap=$(bash "$root/scripts/kafka.sh" start --port "$port" | tail -n 1)

work=$(mktemp -d "${TMPDIR:-/tmp}/ts-connect-demo.XXXXXX")
cd "$work"
# The sample files unchanged but for where they keep their state.
sed -e "s#^bootstrap.servers=.*#bootstrap.servers=$bootstrap#" \
    -e "s#^offset.storage.file.filename=.*#offset.storage.file.filename=$work/connect.offsets#" \
    "$root/examples/connect-standalone.properties" > worker.properties
topic="connect-test-$(date +%s)"
for f in connect-file-source connect-file-sink; do
  sed -e "s#^topic=.*#topic=$topic#" -e "s#^topics=.*#topics=$topic#" "$root/examples/$f.properties" > "$f.properties"
done
printf 'hello, Kafka Connect\nthis line went through Kafka\nand came out again: é ü 日本\n' > test.txt

echo "demo: $work — test.txt → topic $topic → test.sink.txt (broker $bootstrap)" >&2
node "$root/bin/ts-connect.js" standalone worker.properties connect-file-source.properties connect-file-sink.properties &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  [ -f test.sink.txt ] && [ "$(wc -l < test.sink.txt)" -ge 3 ] && break
  kill -0 "$pid" 2>/dev/null || { echo "demo: ts-connect exited early" >&2; exit 1; }
  sleep 0.5
done
echo "demo: test.sink.txt now holds:" >&2
cat test.sink.txt
kill -TERM "$pid"
wait "$pid" || true
trap - EXIT
echo "demo: done. To see it resume where it stopped, append to test.txt and run again:" >&2
echo "  cd $work && node $root/bin/ts-connect.js standalone worker.properties connect-file-source.properties connect-file-sink.properties" >&2
