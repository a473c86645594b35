#!/usr/bin/env bash
# Install the Debian packages the portal needs, when run as root and they are missing.
#   scripts/system-deps.sh          what running the portal needs
#   scripts/system-deps.sh test     plus what the tests need (Chromium, poppler-utils, OpenLDAP's slapd,
#                                   LibreOffice Writer for the .docx test)
set -euo pipefail

packages=(gettext libpq-dev libldap2-dev libsasl2-dev libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk)
if [ -z "${DATABASE_URL:-}" ]; then packages+=(postgresql); fi
if [ -z "${REDIS_URL:-}" ]; then packages+=(redis-server); fi
if [ "${1:-}" = "test" ]; then packages+=(chromium poppler-utils postgresql redis-server slapd ldap-utils openssl libreoffice-writer-nogui pgbouncer); fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
