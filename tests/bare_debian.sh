#!/usr/bin/env bash
# The README's Quick start on a bare Debian 12, as a new user meets it: a debootstrap
# minbase root (no make, curl, git, sudo, python3 or ca-certificates), a copy of this
# repository's HEAD with no shared/ folder beside it, then the two Quick start commands
# exactly as the README writes them, timed. On demand only (not in make check): it needs
# root, a Debian mirror and about 2 GB of disk.
#
# usage: sudo bash tests/bare_debian.sh [--root DIR] [--keep] [--user] [--mirror URL]
#   --root DIR    where the bare system goes (default: a new folder under /var/tmp)
#   --keep        leave the root in place afterwards (to look inside)
#   --user        run the commands as an ordinary user with sudo, instead of as root
#   --mirror URL  Debian mirror (default: the one this machine's apt uses)
#   --only-demo   run the first command only
# Prints each command with its exit status and wall time; exits non-zero when one fails.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
root=""; keep=0; as_user=0; mirror=""; only_demo=0
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --user) as_user=1; shift ;;
    --mirror) mirror=$2; shift 2 ;;
    --only-demo) only_demo=1; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bare_debian.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "bare_debian.sh: needs root (debootstrap, chroot)" >&2; exit 2; }
if [ -z "$mirror" ]; then
  mirror=$(sed -n 's/^URIs: *\(http[^ ]*\/debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
  [ -n "$mirror" ] || mirror=$(sed -n 's/^deb \(http[^ ]*\) bookworm .*/\1/p' /etc/apt/sources.list 2>/dev/null | head -1)
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
fi
command -v debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null; }
[ -n "$root" ] || root=$(mktemp -d /var/tmp/saha-bare.XXXXXX)

cleanup() {
  for m in dev/shm dev/pts dev proc sys; do umount -l "$root/$m" 2>/dev/null || true; done
  if [ "$keep" = 0 ]; then rm -rf --one-file-system "$root"; else echo "bare root kept in $root"; fi
}
trap cleanup EXIT

t0=$(date +%s)
echo "== debootstrap --variant=minbase bookworm $root $mirror"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.debootstrap.log" 2>&1 \
  || { tail -20 "$root.debootstrap.log" >&2; exit 1; }
echo "   ($(( $(date +%s) - t0 )) s)"
# the security and updates suites, as a Debian 12 install has them
cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${mirror%/debian}/debian-security bookworm-security main
EOF
# this machine's apt settings (a snapshot mirror may need Check-Valid-Until false)
cp /etc/apt/apt.conf.d/99* "$root/etc/apt/apt.conf.d/" 2>/dev/null || true
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
for m in proc sys dev dev/pts dev/shm; do mkdir -p "$root/$m"; done
mount -t proc proc "$root/proc"; mount --rbind /sys "$root/sys"; mount --rbind /dev "$root/dev"
mount -t devpts devpts "$root/dev/pts" 2>/dev/null || true
mount -t tmpfs tmpfs "$root/dev/shm"

for tool in make curl git sudo python3; do
  if chroot "$root" sh -c "command -v $tool" >/dev/null 2>&1; then
    echo "bare root unexpectedly has $tool" >&2; exit 1
  fi
done
echo "   bare: no make, curl, git, sudo or python3"

# a copy of HEAD (what a clone has), with no shared/ folder beside it
mkdir -p "$root/home/dev/src"
git -C "$here" archive --format=tar --prefix=saha/ HEAD | tar -x -C "$root/home/dev/src"
[ ! -e "$root/home/dev/src/shared" ] || { echo "a shared/ folder beside the copy" >&2; exit 1; }

# The two Quick start lines, read from the README (exactly as written there)
mapfile -t qs < <(awk '/^#+ .*[Qq]uick ?start/ {q=1; next} q && /^```/ {if (inb) exit; inb=1; next}
                      q && inb && /[^ \t]/ && !/^[ \t]*#/' "$here/README.md" | sed 's/[[:space:]]*#[^"]*$//')
[ "${#qs[@]}" = 2 ] || { echo "README Quick start has ${#qs[@]} command lines, not 2" >&2; exit 1; }

if [ "$as_user" = 1 ]; then
  chroot "$root" sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sudo >/dev/null'
  chroot "$root" sh -c 'useradd -m -s /bin/bash dev 2>/dev/null || true; echo "dev ALL=(ALL) NOPASSWD:ALL" >/etc/sudoers.d/dev'
  chroot "$root" chown -R dev:dev /home/dev
  runner=(chroot "$root" su - dev -c)
else
  runner=(chroot "$root" env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin TERM=dumb bash -c)
fi

status=0
n=0
for cmd in "${qs[@]}"; do
  n=$((n + 1))
  [ "$only_demo" = 1 ] && [ $n = 2 ] && break
  echo "== Quick start $n: $cmd"
  t=$(date +%s)
  set +e
  "${runner[@]}" "cd /home/dev/src/saha && $cmd" >"$root.step$n.log" 2>&1
  rc=$?
  set -e
  echo "   exit $rc, $(( $(date +%s) - t )) s (log: $root.step$n.log)"
  tail -3 "$root.step$n.log" | sed 's/^/   | /'
  [ $rc = 0 ] || status=1
done
echo "== total $(( $(date +%s) - t0 )) s"
exit $status
