# prdlint in a container, for container-based CI and GitLab:
#   docker build -t prdlint .
#   docker run --rm -v "$PWD:/work" prdlint check --format gitlab docs > gl-code-quality-report.json
# The base is a build argument: any Debian-based image with python3 3.10+ and pip (the official
# slim image by default; bench/buildah_build.sh builds offline from a debootstrap base).
# Package-index settings reach pip through build arguments (PIP_INDEX_URL and friends) and
# are never stored in the image. The test stage lints a document inside the build; the final
# image depends on it, so an image that cannot lint is never produced.
ARG PYTHON_IMAGE=python:3.12.8-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ARG PIP_INDEX_URL
ARG PIP_EXTRA_INDEX_URL
ARG PIP_FIND_LINKS
ARG PIP_TRUSTED_HOST
ARG PIP_CERT
WORKDIR /src
COPY pyproject.toml README.md ./
COPY docker/constraints.txt docker/constraints.txt
COPY rules rules
COPY prdlint prdlint
# --target keeps prdlint and its pinned dependencies in one directory (and works on bases whose
# Python is marked externally managed); PIP_CONSTRAINT pins the build backend too.
RUN PIP_CONSTRAINT=/src/docker/constraints.txt python3 -m pip install \
        --no-cache-dir --disable-pip-version-check --no-input --no-compile \
        --constraint docker/constraints.txt --target /opt/prdlint . \
    && rm -rf /opt/prdlint/bin/__pycache__

FROM ${PYTHON_IMAGE} AS runtime
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
# The bundled example has leftovers (exit code 1); a clean document passes (exit code 0).
RUN prdlint --version \
    && { prdlint check --no-color /tmp/selftest/checkout-prd.md; test "$?" -eq 1; } \
    && printf '# Clean\n\nNothing left to fill in.\n' > /tmp/clean.md \
    && prdlint check /tmp/clean.md \
    && prdlint --version > /tmp/prdlint-selftest

FROM runtime
COPY --from=test /tmp/prdlint-selftest /opt/prdlint/SELFTEST
