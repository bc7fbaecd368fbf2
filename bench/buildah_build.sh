#!/usr/bin/env bash
# Build the Dockerfile without a Docker engine and without pulling a base image, with Debian's
# buildah in chroot isolation, and check the result: prdlint --version and a lint run inside
# the build (the Dockerfile's test stage) and again in the finished image.
#
# The base image is made here: debootstrap --variant=minbase --include=python3-minimal,python3-pip
# bookworm, imported into buildah's local storage. pip inside the build uses this machine's
# package-index settings (pip config list, PIP_* variables), passed as build arguments; local
# index directories and the CA bundle they name are mounted read-only into the RUN steps.
#
# Needs root (debootstrap, chroot). Installs buildah and debootstrap with apt-get when missing.
# Usage: sudo bench/buildah_build.sh        (environment: PRDLINT_BUILDAH_CACHE, DEBIAN_MIRROR)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${PRDLINT_BUILDAH_CACHE:-/var/tmp/prdlint-buildah}
suite=bookworm
base_image=localhost/prdlint-base:$suite
image=localhost/prdlint:buildah-test
export STORAGE_DRIVER=${STORAGE_DRIVER:-vfs}  # overlay is often unavailable inside a container
export BUILDAH_ISOLATION=chroot

say() { printf '== %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
    echo "bench/buildah_build.sh: run as root (debootstrap and chroot builds need it)" >&2
    exit 2
fi

missing=()
command -v buildah >/dev/null 2>&1 || missing+=(buildah)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ "${#missing[@]}" -gt 0 ]; then
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ -z "${DEBIAN_MIRROR:-}" ]; then
    # The mirror apt uses here (deb822 or one-line sources), else Debian's default.
    DEBIAN_MIRROR=$(grep -rhoE '^(URIs:|deb)[[:space:]]+(\[[^]]*\][[:space:]]+)?https?://[^[:space:]]+/debian/?([[:space:]]|$)' \
        /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null | grep -oE 'https?://[^[:space:]]+' | head -n 1 || true)
    DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
fi

mkdir -p "$cache"
rootfs=$cache/rootfs
if [ ! -x "$rootfs/usr/bin/python3" ]; then
    say "debootstrap $suite from $DEBIAN_MIRROR into $rootfs"
    rm -rf "$rootfs"
    debootstrap --variant=minbase --include=python3-minimal,python3-pip "$suite" "$rootfs" "$DEBIAN_MIRROR" \
        > "$cache/debootstrap.log" 2>&1 || { tail -n 20 "$cache/debootstrap.log" >&2; exit 1; }
fi
if [ ! -f "$cache/rootfs.tar" ]; then
    say "packing the base file system"
    tar --numeric-owner -C "$rootfs" -cf "$cache/rootfs.tar.partial" . && mv "$cache/rootfs.tar.partial" "$cache/rootfs.tar"
fi
if ! buildah inspect --type image "$base_image" >/dev/null 2>&1; then
    say "importing $base_image"
    container=$(buildah from scratch)
    buildah add --quiet "$container" "$cache/rootfs.tar" / >/dev/null
    buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --cmd /bin/bash "$container"
    buildah commit --quiet --rm "$container" "$base_image" >/dev/null
fi

# pip's index settings on this machine -> build arguments (environment first, then pip's configuration).
declare -A pip_settings=()
while IFS= read -r line; do
    key=${line%%=*}
    value=${line#*=}
    value=${value#\'}
    value=${value%\'}
    name=${key##*.}
    case "$name" in
        index-url|extra-index-url|find-links|trusted-host|cert)
            if [ -z "${pip_settings[$name]:-}" ] || [ "${key%%.*}" = ":env:" ]; then pip_settings[$name]=$value; fi ;;
    esac
done < <(python3 -m pip config list 2>/dev/null || true)
build_args=(--build-arg "PYTHON_IMAGE=$base_image")
pip_args=()
volumes=()
for name in index-url extra-index-url find-links trusted-host cert; do
    variable=PIP_$(printf '%s' "$name" | tr 'a-z-' 'A-Z_')
    value=${!variable:-${pip_settings[$name]:-}}
    [ -n "$value" ] || continue
    build_args+=(--build-arg "$variable=$value")
    pip_args+=("$variable=$value")
    for item in $value; do  # local directories and files must exist inside the build too
        path=${item#file://}
        path=${path%/}
        # A local "simple" index links to files beside it (../files/...): mount its parent.
        if [ "${path##*/}" = simple ]; then path=${path%/simple}; fi
        if [ "${path#/}" != "$path" ] && [ -e "$path" ]; then volumes+=(-v "$path:$path:ro"); fi
    done
done
say "pip settings passed as build arguments: ${pip_args[*]:-(none)}; mounted: ${volumes[*]:-(none)}"

say "buildah build --isolation chroot (base $base_image)"
start=$(date +%s)
log=$cache/build.log
if ! buildah build --isolation chroot --pull=never --layers=false "${build_args[@]}" "${volumes[@]}" \
        -f "$repo/Dockerfile" -t "$image" "$repo" > "$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "bench/buildah_build.sh: the build failed; the whole log is $log" >&2
    exit 1
fi
seconds=$(( $(date +%s) - start ))
say "built $image in ${seconds}s; the test stage's lines:"
grep -E '^(STEP|prdlint |examples|/tmp/|Found |All checks)' "$log" | grep -vE '^STEP [0-9]+/[0-9]+: (ARG|ENV|WORKDIR|COPY|FROM)' || true

say "the finished image"
container=$(buildah from --pull=never "$image")
trap 'buildah rm "$container" >/dev/null 2>&1 || true' EXIT
buildah inspect --type image --format 'user={{.OCIv1.Config.User}} entrypoint={{.OCIv1.Config.Entrypoint}} cmd={{.OCIv1.Config.Cmd}}{{println}}' "$image"
printf 'size: %s\n' "$(buildah images --format '{{.Size}}' "$image" | head -n 1)"
printf 'self-test record: %s\n' "$(buildah run "$container" -- cat /opt/prdlint/SELFTEST)"
buildah run "$container" -- id
buildah run "$container" -- prdlint --version
printf 'prdlint and its dependencies: %s\n' "$(buildah run "$container" -- du -sh /opt/prdlint | cut -f1)"
buildah copy --quiet --chown 10001:10001 "$container" "$repo/examples/checkout-prd.md" /work/checkout-prd.md >/dev/null
set +e
buildah run --workingdir /work "$container" -- prdlint check checkout-prd.md
status=$?
set -e
printf 'prdlint check in the image: exit code %s (1 expected: the example has leftovers)\n' "$status"
[ "$status" -eq 1 ]
say "OK"
