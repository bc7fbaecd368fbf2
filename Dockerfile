# prdlint in a container, for container-based CI and GitLab:
#   docker build -t prdlint .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/work" prdlint check --format gitlab docs > gl-code-quality-report.json
# The base is a build argument: the official slim image pinned by digest by default (any Debian-based
# image with python3 3.10+ and pip works; bench/buildah_build.sh builds offline from a debootstrap base).
# Every Python package comes from the hash-pinned lock requirements/install.txt. Package-index settings
# reach pip through build arguments (PIP_INDEX_URL and friends) and are never stored in the image. The
# test stage lints a document inside the build; the final image depends on it, so an image that cannot
# lint is never produced.
# python:3.13.14-slim-trixie (linux/amd64, arm64, ...), published 2026-08-05:
ARG PYTHON_IMAGE=python:3.13-slim-trixie@sha256:9662417aace5ae7b8e2609cce472b72a8958e134ba372808abe9cc1a0c0125e6

FROM ${PYTHON_IMAGE} AS build
ARG PIP_INDEX_URL
ARG PIP_EXTRA_INDEX_URL
ARG PIP_FIND_LINKS
ARG PIP_TRUSTED_HOST
ARG PIP_CERT
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY requirements/install.txt requirements/install.txt
COPY rules rules
COPY prdlint prdlint
# --target keeps prdlint and its dependencies in one directory (and works on bases whose Python is
# marked externally managed). The lock holds the build backend too, so prdlint is built without build
# isolation from checked files only (--upgrade: pip's --target would otherwise keep the existing bin/). Bytecode is compiled once, here: the image never writes any, and
# unchecked-hash .pyc files are valid whatever the files' times after COPY.
RUN python3 -m pip install --no-cache-dir --disable-pip-version-check --no-input --no-compile \
        --require-hashes --no-deps --target /opt/prdlint -r requirements/install.txt \
    && PYTHONPATH=/opt/prdlint python3 -m pip install --no-cache-dir --disable-pip-version-check --no-input \
        --no-compile --no-deps --no-build-isolation --upgrade --target /opt/prdlint . \
    && rm -rf /opt/prdlint/bin/__pycache__ \
    && python3 -m compileall -q -j 0 --invalidation-mode unchecked-hash /opt/prdlint

FROM ${PYTHON_IMAGE} AS runtime
ARG PRDLINT_VERSION=0.1.0
LABEL org.opencontainers.image.title="prdlint" \
      org.opencontainers.image.description="A linter for product requirements documents, specs and strategy files written in Markdown." \
      org.opencontainers.image.source="https://github.com/prdlint/prdlint" \
      org.opencontainers.image.url="https://github.com/prdlint/prdlint#readme" \
      org.opencontainers.image.version="${PRDLINT_VERSION}" \
      org.opencontainers.image.licenses="MIT"
# git, for --diff-base on a mounted repository; /work (the documented mount) is trusted whoever owns it.
# The base is pinned by digest; Debian's git is left unpinned so that security updates apply on rebuild.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends git \
    && rm -rf /var/lib/apt/lists/* \
    && git config --system --add safe.directory /work
COPY --from=build /opt/prdlint /opt/prdlint
ENV PATH="/opt/prdlint/bin:${PATH}" \
    PYTHONPATH=/opt/prdlint \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
RUN groupadd --system --gid 10001 prdlint \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin prdlint
WORKDIR /work
USER 10001:10001
ENTRYPOINT ["prdlint"]
CMD ["check", "."]

FROM runtime AS test
COPY --chown=10001:10001 examples/checkout-prd.md /tmp/selftest/checkout-prd.md
# The bundled example has leftovers (exit code 1); a clean document passes (exit code 0); git works.
RUN prdlint --version \
    && git --version \
    && { prdlint check --no-color /tmp/selftest/checkout-prd.md; test "$?" -eq 1; } \
    && printf '# Clean\n\nNothing left to fill in.\n' > /tmp/clean.md \
    && prdlint check /tmp/clean.md \
    && prdlint --version > /tmp/prdlint-selftest

FROM runtime
COPY --from=test /tmp/prdlint-selftest /opt/prdlint/SELFTEST
