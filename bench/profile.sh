#!/usr/bin/env bash
# Profiles a running JVM (Herald in Jetty or Tomcat) with async-profiler, fetched from Maven Central
# (tools.profiler:async-profiler, which ships the native library), attached through jcmd.
#
#   bench/profile.sh PID SECONDS OUT [cpu|alloc]
#
# Writes OUT (collapsed stacks, one per line with its sample count; kernel frames end in _[k])
# and prints the 40 hottest frames, inclusive. Run a workload meanwhile, e.g. the loadgen commands
# in bench/loadgen/README.md. Not part of `mvn verify`.
set -euo pipefail
pid=$1 seconds=$2 out=$3 event=${4:-cpu}
root=$(cd "$(dirname "$0")/.." && pwd)
version=4.2
dir=$root/target/bench/async-profiler-$version
lib=$dir/linux-x64/libasyncProfiler.so
if [ ! -f "$lib" ]; then
  (cd "$root" && mvn -B -ntp -q dependency:copy -Dartifact=tools.profiler:async-profiler:$version -DoutputDirectory="$dir")
  (cd "$dir" && unzip -q -o "async-profiler-$version.jar" 'linux-x64/*')
fi
case $event in
  cpu) start="start,event=cpu,interval=1ms,threads" ;;
  alloc) start="start,event=alloc,threads" ;;
  *) echo "event must be cpu or alloc" >&2; exit 2 ;;
esac
# jcmd splits unquoted arguments at '=': the agent's options go through as one quoted word.
jcmd "$pid" JVMTI.agent_load "$lib" "\"$start\"" > /dev/null
sleep "$seconds"
jcmd "$pid" JVMTI.agent_load "$lib" "\"stop,file=$(realpath -m "$out"),collapsed\"" > /dev/null
python3 - "$out" <<'EOF'
import collections, sys
total, inclusive = 0, collections.Counter()
for line in open(sys.argv[1]):
    stack, _, n = line.rstrip().rpartition(' ')
    total += int(n)
    for frame in set(stack.split(';')):
        inclusive[frame] += int(n)
print(f"{total} samples; hottest frames, inclusive:")
for frame, n in inclusive.most_common(40):
    print(f"{100 * n / total:5.1f}%  {frame[:140]}")
EOF
