# Sourced by scripts/test.sh and scripts/bench.sh: apt_install PACKAGE… installs Debian packages (as root, or with
# sudo) without starting their services, which the tests and benchmarks run as private instances of their own.
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  as_root apt-get update -qq
  local policy=/usr/sbin/policy-rc.d placed=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null; as_root chmod +x "$policy"; placed=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@"
  if [ "$placed" -eq 1 ]; then as_root rm -f "$policy"; fi
}
