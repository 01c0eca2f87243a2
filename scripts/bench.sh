#!/usr/bin/env bash
# Builds in Release and runs the benchmarks under bench/, printing their tables (ratios against a baseline measured in
# the same run) and a last line "bench: ingest_vs_copy=… storage_vs_raw=… download_vs_nginx=… list_p99_vs_health=…
# list_p99_ms_1client=…" (n/a for a benchmark that did not run). Usage: scripts/bench.sh [megabytes of log, default 512]
# [--only collection,storage,download,lists,fleet] (fleet, the list routes over a fleet-sized store, runs only when named;
# [--fleet-scale 0.1] for a quick run, seeded stores cached in ~/.cache/dblogs-bench) [--seconds N (wrk time per download row, default 10; list rows take half)]
# (a seed cached under an earlier schema is restored and migrated at start; DBLOGS_BENCH_RESEED=1 seeds afresh)
# [--only search --search-records 10000000 --search-queries 200 --search-ingest-runs 2 --search-cases 3]: audit record search latency, index
# size per record and indexing's ingest cost (a --megabytes audit log with the indexer on and off); runs only when named.
# (private PostgreSQL clusters put their shared buffers on 2 MiB huge pages reserved for the run; DBLOGS_BENCH_HUGE_PAGES=0: 4 KiB pages)
# [--only pages --pages-stores sqlite,postgres]: the console's Redis slow-log and MySQL error-log pages and their cloud routes
# over 100,000 entries each, first and deep pages (target < 300 ms); runs only when named.
# [--in-process] (run the agent in .NET instead of the native dblogs-agent, for comparison) [--batch-bytes N]
# [--only nodes --runs 3 --nodes-fleet-scale 0.1]: ingest over 1, 2 and 3 serve nodes on PostgreSQL and a Ceph bucket (ratio to one
# node) and list latency on 3 nodes, quiet and while agents ship; runs only when named.
# scripts/bench.sh --only startup [--runs N]: start-up times with hyperfine (bench/startup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/apt-install.sh

# Start-up times (hyperfine; dll against the packaged self-contained builds) are a script of their own.
if [[ " $* " == *" --only startup "* ]]; then
  tools=()
  command -v hyperfine >/dev/null 2>&1 || tools+=(hyperfine)
  command -v curl >/dev/null 2>&1 || tools+=(curl)
  [ ${#tools[@]} -eq 0 ] || apt_install "${tools[@]}"
  exec bench/startup.sh "$@"
fi

# Debian packages the benchmarks drive: nginx (the download baseline, run privately on a loopback port), wrk and postgresql.
missing=()
[ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
# The fleet benchmark's PostgreSQL column: a private cluster of the package's binaries (initdb/pg_ctl), never its service.
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql)
# The several-node benchmark's object store: a private Ceph cluster (mon, OSD, RADOS Gateway), never the packages' services.
if [[ " $* " == *" --only "*nodes* ]]; then
  for binary in /usr/bin/radosgw /usr/bin/ceph-mon /usr/bin/ceph-osd /usr/bin/ceph; do
    [ -x "$binary" ] || { missing+=(radosgw ceph-mon ceph-osd ceph-common); break; }
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench.sh: installing Debian packages: ${missing[*]} (apt-get)..."
  apt_install "${missing[@]}"
fi

dotnet build src/DbLogs/DbLogs.csproj -c Release --nologo -v quiet >/dev/null
dotnet build bench/DbLogs.Bench/DbLogs.Bench.csproj -c Release --nologo -v quiet >/dev/null
dotnet bench/DbLogs.Bench/bin/Release/net10.0/DbLogs.Bench.dll --dblogs src/DbLogs/bin/Release/net10.0/dblogs.dll --megabytes "${1:-512}" "${@:2}"
