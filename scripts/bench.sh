#!/usr/bin/env bash
# Builds in Release and runs the benchmarks under bench/, printing their tables (ratios against a baseline
# measured in the same run). Usage: scripts/bench.sh [megabytes of log to ship, default 512] [--only collection|lists|storage]
# [--in-process] (run the agent in .NET instead of the native dblogs-agent, for comparison)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/DbLogs/DbLogs.csproj -c Release --nologo -v quiet >/dev/null
dotnet build bench/DbLogs.Bench/DbLogs.Bench.csproj -c Release --nologo -v quiet >/dev/null
dotnet bench/DbLogs.Bench/bin/Release/net10.0/DbLogs.Bench.dll --dblogs src/DbLogs/bin/Release/net10.0/dblogs.dll --megabytes "${1:-512}" "${@:2}"
