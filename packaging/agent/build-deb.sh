#!/bin/bash
# Builds ntppool-agent_<version>_<arch>.deb from a built binary (spec/agent.md §17, project
# decision "Packaging"). Usage:
#   build-deb.sh <ntppool-agent binary> <version> <output dir>
set -euo pipefail

binary=$1
version=$2
out_dir=$3
src=$(cd "$(dirname "$0")" && pwd)
arch=$(dpkg --print-architecture)
deb="$out_dir/ntppool-agent_${version}_${arch}.deb"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage="$work/stage"

install -D -m 0755 "$binary" "$stage/usr/bin/ntppool-agent"
strip --strip-unneeded "$stage/usr/bin/ntppool-agent"
install -D -m 0644 "$src/ntppool-agent@.service" "$stage/lib/systemd/system/ntppool-agent@.service"
install -D -m 0644 "$src/ntppool-agent.default" "$stage/etc/default/ntppool-agent"
install -D -m 0644 "$src/debian/copyright" "$stage/usr/share/doc/ntppool-agent/copyright"

date=$(date -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" +%Y-%m-%d)
mkdir -p "$stage/usr/share/man/man1"
sed -e "s/@DATE@/$date/" -e "s/@VERSION@/$version/" "$src/ntppool-agent.1.in" |
  gzip -9n > "$stage/usr/share/man/man1/ntppool-agent.1.gz"
chmod 0644 "$stage/usr/share/man/man1/ntppool-agent.1.gz"

# Shared-library dependencies, as dpkg-shlibdeps computes them for a source package.
mkdir -p "$work/debian"
printf 'Source: ntppool-agent\n\nPackage: ntppool-agent\nArchitecture: any\n' > "$work/debian/control"
depends=$(cd "$work" && dpkg-shlibdeps -O -e "$stage/usr/bin/ntppool-agent" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
if [ -z "$depends" ]; then
  echo "build-deb.sh: dpkg-shlibdeps found no dependencies" >&2
  exit 1
fi

mkdir -p "$stage/DEBIAN"
installed_size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@INSTALLED_SIZE@/$installed_size/" \
    -e "s/@DEPENDS@/$depends/" "$src/debian/control.in" > "$stage/DEBIAN/control"
install -m 0644 "$src/debian/conffiles" "$stage/DEBIAN/conffiles"
for script in preinst postinst prerm postrm; do
  install -m 0755 "$src/debian/$script" "$stage/DEBIAN/$script"
done
(cd "$stage" && find usr etc lib -type f -print0 | sort -z | xargs -0 md5sum) > "$stage/DEBIAN/md5sums"
chmod 0644 "$stage/DEBIAN/md5sums"

mkdir -p "$out_dir"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "$deb"
