#!/usr/bin/env bash
# Start-up times (issue 18, item 7) with hyperfine: `dblogs --version`, a CLI list call against a running service
# (`dblogs admin project list`) and `dblogs serve` until /health/ready answers 200 (an existing, migrated store), for
#   dll        dotnet dblogs.dll: the framework-dependent Release build (how DbLogs ran before the package)
#   sc         self-contained, IL only (scripts/package.sh --no-ready-to-run)
#   sc-r2r     self-contained, ReadyToRun: what the Debian package ships
# Run through scripts/bench.sh --only startup [--runs N] (default 20). The figures are wall-clock means ± σ.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=20
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift ;;
    *) ;;
  esac
  shift
done

work=$(mktemp -d /tmp/dblogs-startup.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

echo "startup: building the framework-dependent dll and the two self-contained packages (several minutes)..." >&2
dotnet build src/DbLogs/DbLogs.csproj -c Release --nologo -v quiet >/dev/null
for variant in sc sc-r2r; do
  flag=$([ "$variant" = sc ] && echo --no-ready-to-run || true)
  deb=$(scripts/package.sh $flag --out "$work/$variant-deb" | tail -n 1)
  dpkg-deb -x "$deb" "$work/$variant"
done

declare -A cmd=(
  [dll]="dotnet $PWD/src/DbLogs/bin/Release/net10.0/dblogs.dll"
  [sc]="$work/sc/usr/lib/dblogs/dblogs"
  [sc-r2r]="$work/sc-r2r/usr/lib/dblogs/dblogs"
)
variants=(dll sc sc-r2r)

free_port() {
  local port
  for port in $(shuf -i 20000-60000 -n 100); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  return 1
}

# The service the list calls go to (the package's build), with a migrated store that the serve runs reuse.
port=$(free_port)
"${cmd[sc-r2r]}" serve --data "$work/data" --urls "http://127.0.0.1:$port" >"$work/serve.log" 2>&1 &
pids+=($!)
until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.1; done

serve_port=$(free_port)
# One start of serve on a copy of that store, until ready, then SIGTERM and wait for the exit.
cat >"$work/serve-until-ready.sh" <<SCRIPT
#!/usr/bin/env bash
\$1 serve --data "$work/serve-data" --urls http://127.0.0.1:$serve_port --EmbeddedCollector=false >/dev/null 2>&1 &
pid=\$!
until curl -sf http://127.0.0.1:$serve_port/health/ready >/dev/null; do sleep 0.005; done
kill \$pid; wait \$pid || true
SCRIPT
chmod +x "$work/serve-until-ready.sh"
cp -a "$work/data" "$work/serve-data"

args=(--runs "$runs" --warmup 2 --style basic --export-markdown)
for name in version list serve; do
  set -- 
  for variant in "${variants[@]}"; do
    case "$name" in
      version) set -- "$@" -n "$variant" "${cmd[$variant]} --version" ;;
      list) set -- "$@" -n "$variant" "${cmd[$variant]} admin project list --endpoint http://127.0.0.1:$port --data $work/data" ;;
      serve) set -- "$@" -n "$variant" "$work/serve-until-ready.sh '${cmd[$variant]}'" ;;
    esac
  done
  echo "== $name ==" 
  hyperfine "${args[@]}" "$work/$name.md" "$@" >&2
  cat "$work/$name.md"
  echo
done
