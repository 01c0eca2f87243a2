#!/usr/bin/env bash
# Builds DbLogs, starts it on http://127.0.0.1:8080 with an embedded store in ./data and a demo project
# (examples/demo-bootstrap.json), and prints how to call it. Ctrl+C stops it; running it again keeps the data.
set -euo pipefail
cd "$(dirname "$0")/.."

export DBLOGS_DEMO_SK="${DBLOGS_DEMO_SK:-demo-secret-key-change-me}"
export DBLOGS_DEMO_PASSWORD="${DBLOGS_DEMO_PASSWORD:-demo-password-change-me}"
url="${DBLOGS_URL:-http://127.0.0.1:8080}"
project=0524e839a54847039e9b2b46e8aa788a

dotnet build src/DbLogs/DbLogs.csproj -c Release --nologo -v quiet >/dev/null
cat <<INFO
DbLogs demo: project "demo" ($project), user alice / \$DBLOGS_DEMO_PASSWORD, access key DEMOAK / \$DBLOGS_DEMO_SK,
a Redis instance 5c597ce5-9823-48aa-bf4d-2defb9385b4a and a MySQL instance eb8fe5d181ec44a2850302691541f760in01.

Get a token (it is in the X-Subject-Token response header):
  TOKEN=\$(curl -si -X POST $url/v3/auth/tokens -H 'Content-Type: application/json' \\
    -d '{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"alice","password":"$DBLOGS_DEMO_PASSWORD"}}},"scope":{"project":{"id":"$project"}}}}' \\
    | sed -n 's/^X-Subject-Token: //Ip' | tr -d '\r')
List Redis run logs (204 until logs are collected):
  curl -i -H "X-Auth-Token: \$TOKEN" '$url/v2/$project/instances/5c597ce5-9823-48aa-bf4d-2defb9385b4a/redislog?log_type=run'
List MySQL audit logs:
  curl -s -H "X-Auth-Token: \$TOKEN" '$url/v3/$project/instances/eb8fe5d181ec44a2850302691541f760in01/auditlog?start_time=2026-01-01T00:00:00%2B0000&end_time=2026-01-30T00:00:00%2B0000'
Admin: dotnet src/DbLogs/bin/Release/net10.0/dblogs.dll admin project list   (admin key: ./data/admin.key)

INFO
exec dotnet src/DbLogs/bin/Release/net10.0/dblogs.dll serve --urls "$url" --data ./data --bootstrap examples/demo-bootstrap.json
