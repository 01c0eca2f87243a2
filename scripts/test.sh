#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian 12 machine, builds, runs every test, and ends with
# one line "N passed, N failed, N skipped" (CI reads its leading "N passed, N failed"). Exit status is the test run's.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/apt-install.sh

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK (dotnet) is required and is not on PATH" >&2
  exit 2
fi

# Debian packages the tests use: Node.js + npm for the official Huawei Cloud SDK compatibility tests;
# redis-server, mariadb-server and mariadb-client, of which the tests start private instances; gcc. (DbLogs speaks to
# MariaDB through MySqlConnector; only the test fixtures run the mariadb client, and the policy tests run with it off PATH.)
missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
[ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
command -v mariadb >/dev/null 2>&1 || missing+=(mariadb-client)
# PostgreSQL 15: the store tests and the end-to-end tests on PostgreSQL run a private cluster (initdb/pg_ctl, never the service).
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql)
# A C compiler and libc headers link the native agent (src/DbLogs.Agent, native AOT) that the build makes.
command -v gcc >/dev/null 2>&1 || command -v clang >/dev/null 2>&1 || missing+=(gcc)
[ -e /usr/include/stdio.h ] || missing+=(libc6-dev)
# The package test (tests/DbLogs.Tests/Packaging) checks the installed units with systemd-analyze; nothing is started.
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
# The metrics tests read /metrics with the Prometheus client's own text parser.
/usr/bin/python3 -c 'import prometheus_client.parser' 2>/dev/null || missing+=(python3-prometheus-client)
# The web console's browser tests drive Debian's chromium through Playwright (whose own browser download is not reachable).
[ -x /usr/bin/chromium ] || missing+=(chromium)
# The live tail's process test (tests/DbLogs.Tests/Tail) streams with curl -N.
command -v curl >/dev/null 2>&1 || missing+=(curl)
# The blob store tests (tests/DbLogs.Tests/Storage/Blobs) run a throwaway Ceph cluster (mon, memstore OSD, RADOS Gateway)
# in a temp directory as their S3-compatible object store, never the packages' services.
for binary in /usr/bin/radosgw /usr/bin/ceph-mon /usr/bin/ceph-osd /usr/bin/ceph; do
  [ -x "$binary" ] || { missing+=(radosgw ceph-mon ceph-osd ceph-common); break; }
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing Debian packages: ${missing[*]} (apt-get; a few minutes on a fresh machine)..."
  apt_install "${missing[@]}"
fi

# npm packages: the official SDK core, pinned by tests/compat/package-lock.json.
echo "test.sh: installing the official Huawei Cloud SDK core (npm ci in tests/compat)..."
npm ci --prefix tests/compat --no-audit --no-fund --loglevel=error

# The Debian package, which the package test installs with dpkg -i: built once here (a minute or two). A failed build
# fails that test rather than ending the run here.
echo "test.sh: building the Debian package (scripts/package.sh)..."
if deb=$(scripts/package.sh | tail -n 1); then
  export DBLOGS_TEST_DEB="$PWD/$deb"
else
  echo "test.sh: scripts/package.sh failed; the package test will fail" >&2
  export DBLOGS_TEST_DEB="$PWD/artifacts/package/not-built"
fi

results=artifacts/test-results
rm -rf "$results"
status=0
echo "test.sh: building and running the test suite (dotnet test; several minutes, results at the end of each test assembly)..."
dotnet test DbLogs.sln --nologo --logger "trx" --results-directory "$results" || status=$?

# dotnet test prints per-assembly summaries; CI reads one total line. A skipped test is "notExecuted" in the TRX counters.
passed=0
failed=0
skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  s=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  skipped=$((skipped + ${s:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the build or the runner failed before any test could report
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
