#!/bin/bash
# scripts/bench_summarize_spill.sh BIN FILE OUT [summarize options…]
# `BIN summarize FILE OUT --grid 1e-4 [options]` under /usr/bin/time, with the peak size of the
# external sort's runs (unlinked temporary files, invisible to du) read from /proc/PID/fd every
# 0.5 s, and the load average. Linux only.
BIN=$1; FILE=$2; OUT=$3
TIMES=$(mktemp)
/usr/bin/time -f "%e s wall %U user %S sys %M KB" $BIN summarize $FILE $OUT --grid 1e-4 ${@:4} 2> "$TIMES" &
TPID=$!
sleep 0.2
PID=$(pgrep -P $TPID | head -1)
MAX=0
while kill -0 $TPID 2>/dev/null; do
  S=0
  for f in /proc/$PID/fd/*; do
    t=$(readlink $f 2>/dev/null); case "$t" in *evaltop-sort-*) s=$(stat -L -c %s $f 2>/dev/null || echo 0); S=$((S+s));; esac
  done
  [ $S -gt $MAX ] && MAX=$S
  sleep 0.5
done
wait $TPID
echo "$(basename $BIN) $(basename $FILE): $(tail -1 "$TIMES"), spill peak $((MAX/1000000)) MB, load $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$TIMES"
