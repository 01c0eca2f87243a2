#!/usr/bin/env bash
# Builds the Debian package artifacts/package/dblogs_<version>_amd64.deb and prints its path on the last line:
# self-contained dblogs (ReadyToRun; the host needs no .NET) in /usr/lib/dblogs with /usr/bin/dblogs, the native
# dblogs-agent, the systemd units, /etc/dblogs (conffiles) and bash completion; the sources are in packaging/deb.
# The version is the project's (1.0.0) + the commit count and hash, so that every commit upgrades the one before.
# Usage: scripts/package.sh [--no-ready-to-run] (plain IL, for comparing start-up times) [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

ready_to_run=true
out=artifacts/package
while [ $# -gt 0 ]; do
  case "$1" in
    --no-ready-to-run) ready_to_run=false ;;
    --out) out="$2"; shift ;;
    *) echo "package.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

for tool in dotnet dpkg-deb; do
  command -v "$tool" >/dev/null 2>&1 || { echo "package.sh: $tool is required and is not on PATH" >&2; exit 2; }
done

base=$(dotnet msbuild src/DbLogs/DbLogs.csproj -nologo -getProperty:Version)
if git rev-parse --git-dir >/dev/null 2>&1; then
  version="$base+git$(git rev-list --count HEAD).$(git rev-parse --short=7 HEAD)"
else
  version="$base"
fi

stage="$out/stage"
rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$stage/usr/bin" "$stage/usr/lib/dblogs" "$stage/lib/systemd/system" "$stage/etc/dblogs" \
  "$stage/usr/share/bash-completion/completions" "$stage/usr/share/doc/dblogs"

echo "package.sh: publishing dblogs $version (self-contained, linux-x64, ReadyToRun=$ready_to_run) and the native dblogs-agent..." >&2
dotnet publish src/DbLogs.Agent/DbLogs.Agent.csproj -c Release -r linux-x64 --nologo -v quiet -p:InformationalVersion="$version" >&2
dotnet publish src/DbLogs/DbLogs.csproj -c Release -r linux-x64 --self-contained --nologo -v quiet \
  -p:PublishReadyToRun="$ready_to_run" -p:InformationalVersion="$version" -p:IncludeSourceRevisionInInformationalVersion=false \
  -p:SatelliteResourceLanguages=en \
  -o "$stage/usr/lib/dblogs" >&2
install -m 0755 src/DbLogs.Agent/bin/Release/native/dblogs-agent "$stage/usr/lib/dblogs/dblogs-agent"
rm -f "$stage"/usr/lib/dblogs/*.pdb "$stage"/usr/lib/dblogs/*.dbg "$stage"/usr/lib/dblogs/[Dd]b[Ll]ogs*.xml \
  "$stage"/usr/lib/dblogs/dblogs-agent.runtimeconfig.json
chmod -R u=rwX,go=rX "$stage/usr/lib/dblogs"
ln -s ../lib/dblogs/dblogs "$stage/usr/bin/dblogs"
ln -s ../lib/dblogs/dblogs-agent "$stage/usr/bin/dblogs-agent"

install -m 0644 packaging/deb/systemd/dblogs.service packaging/deb/systemd/dblogs-agent.service "$stage/lib/systemd/system/"
install -m 0644 packaging/deb/etc/* "$stage/etc/dblogs/"
install -m 0644 packaging/deb/dblogs.bash-completion "$stage/usr/share/bash-completion/completions/dblogs"
install -m 0644 README.md "$stage/usr/share/doc/dblogs/README.md"
install -m 0644 packaging/deb/conffiles "$stage/DEBIAN/conffiles"
install -m 0755 packaging/deb/maintainer/postinst packaging/deb/maintainer/prerm packaging/deb/maintainer/postrm "$stage/DEBIAN/"
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$size/" packaging/deb/control >"$stage/DEBIAN/control"

deb="$out/dblogs_${version}_amd64.deb"
rm -f "$out"/dblogs_*_amd64.deb
# Owned by root whoever builds it; zstd, which dpkg reads since Debian 12, packs in a fraction of xz's time.
dpkg-deb --root-owner-group -Zzstd --build "$stage" "$deb" >&2
rm -rf "$stage"
echo "$deb"
