#!/usr/bin/env bash
# Builds DbLogs, starts it on http://127.0.0.1:8080 with an embedded store in ./data and a demo project
# (examples/demo-bootstrap.json), and prints how to call it. Ctrl+C stops it; running it again keeps the data.
# It also writes bin/dblogs (a wrapper around the built dblogs.dll: `export PATH="$PWD/bin:$PATH"`) and a few log
# lines to /tmp/dblogs-demo/, the files the demo's Redis node (run log) and MySQL node (error log) name.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

export DBLOGS_DEMO_SK="${DBLOGS_DEMO_SK:-demo-secret-key-change-me}"
export DBLOGS_DEMO_PASSWORD="${DBLOGS_DEMO_PASSWORD:-demo-password-change-me}"
url="${DBLOGS_URL:-http://127.0.0.1:8080}"
project=0524e839a54847039e9b2b46e8aa788a
redis=5c597ce5-9823-48aa-bf4d-2defb9385b4a
mysql=eb8fe5d181ec44a2850302691541f760in01

echo "demo.sh: building src/DbLogs (Release; the first build takes a minute or two)..." >&2
dotnet build src/DbLogs/DbLogs.csproj -c Release --nologo -v quiet >/dev/null

# The dblogs command: a wrapper in ./bin, so `export PATH="$PWD/bin:$PATH"` puts it on PATH.
mkdir -p bin
printf '#!/bin/sh\nexec dotnet "%s/src/DbLogs/bin/Release/net10.0/dblogs.dll" "$@"\n' "$root" >bin/dblogs
chmod +x bin/dblogs

# Demo log lines, timed now, appended at every run to the files examples/demo-bootstrap.json names; the embedded
# collector tails them. The Redis node writes in UTC, the MySQL node in Europe/Berlin (as its time_zone says).
logs=/tmp/dblogs-demo
mkdir -p "$logs"
redis_time() { LC_ALL=C date -u -d "$1" '+%d %b %Y %H:%M:%S.%3N'; }
{
  echo "4242:C $(redis_time '3 minutes ago') # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"
  echo "4242:M $(redis_time '3 minutes ago') * Server initialized"
  echo "4242:M $(redis_time '2 minutes ago') * Ready to accept connections tcp"
  echo "4242:M $(redis_time '1 minute ago') # WARNING Memory overcommit must be enabled!"
} >>"$logs/redis-server.log"
mariadb_time() { TZ=Europe/Berlin date -d "$1" '+%Y-%m-%d %k:%M:%S'; }
{
  echo "$(mariadb_time '3 minutes ago') 0 [Note] Starting MariaDB 10.11.6 as process 4343"
  echo "$(mariadb_time '2 minutes ago') 0 [Warning] You need to use --log-bin to make --expire-logs-days work."
  echo "$(mariadb_time '1 minute ago') 3 [ERROR] Incorrect definition of table mysql.column_stats"
} >>"$logs/mariadb-error.log"

cat <<INFO
DbLogs demo: project "demo" ($project), user alice / \$DBLOGS_DEMO_PASSWORD, access key DEMOAK / \$DBLOGS_DEMO_SK,
a Redis instance $redis (node a1b2c3, run log $logs/redis-server.log)
and a MySQL instance $mysql (node n1, error log $logs/mariadb-error.log).

In another terminal, from $root:
  export PATH="$root/bin:\$PATH"
  export DBLOGS_ENDPOINT=$url DBLOGS_PROJECT_ID=$project DBLOGS_AK=DEMOAK DBLOGS_SK=$DBLOGS_DEMO_SK
  dblogs redis runlogs collect --instance $redis --query-time 3 --wait
  dblogs redis runlogs list --instance $redis
  dblogs rds errorlog --instance $mysql
  dblogs admin project list          (admin key: ./data/admin.key)

Get a token (it is in the X-Subject-Token response header):
  TOKEN=\$(curl -si -X POST $url/v3/auth/tokens -H 'Content-Type: application/json' \\
    -d '{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"alice","password":"$DBLOGS_DEMO_PASSWORD"}}},"scope":{"project":{"id":"$project"}}}}' \\
    | sed -n 's/^X-Subject-Token: //Ip' | tr -d '\r')
List Redis run logs (204 until logs are collected):
  curl -i -H "X-Auth-Token: \$TOKEN" '$url/v2/$project/instances/$redis/redislog?log_type=run'
List MySQL audit logs of the last day (empty: the demo node has no audit log):
  curl -s -H "X-Auth-Token: \$TOKEN" "$url/v3/$project/instances/$mysql/auditlog?start_time=\$(date -u -d '1 day ago' +%Y-%m-%dT%H:%M:%S%%2B0000)&end_time=\$(date -u +%Y-%m-%dT%H:%M:%S%%2B0000)"

INFO
echo "demo.sh: starting dblogs serve on $url (Ctrl+C stops it)..." >&2
exec dotnet src/DbLogs/bin/Release/net10.0/dblogs.dll serve --urls "$url" --data ./data --bootstrap examples/demo-bootstrap.json
