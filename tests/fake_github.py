"""A small GitHub Checks API on 127.0.0.1 (pytest-httpserver) for PyGithub to talk to.

Every request body is validated against GitHub's own request schemas from ../shared/schemas
(Draft 7); problems are collected in ``schema_errors`` for the test to assert on. Responses
carry URLs on the fake's own host, because PyGithub's ``CheckRun.edit()`` PATCHes the run's
``url``. ``script`` queues canned answers (status, body, headers) for the next requests of a
method, to play 403s, 5xx and rate limits.
"""

from __future__ import annotations

import json
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

OWNER_REPO = "acme/specs"


@dataclass
class Recorded:
    method: str
    path: str
    body: dict[str, Any]
    authorization: str


@dataclass
class FakeGitHub:
    server: HTTPServer
    schemas: Path
    requests: list[Recorded] = field(default_factory=list)
    schema_errors: list[str] = field(default_factory=list)
    runs: dict[int, dict[str, Any]] = field(default_factory=dict)
    script: dict[str, deque[tuple[int, dict[str, Any], dict[str, str]]]] = field(default_factory=dict)
    failing: dict[tuple[str, int], tuple[int, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.create_schema = Draft7Validator(
            json.loads((self.schemas / "github-checks-create.request.json").read_text(encoding="utf-8"))
        )
        self.update_schema = Draft7Validator(
            json.loads((self.schemas / "github-checks-update.request.json").read_text(encoding="utf-8"))
        )
        self.server.expect_request(
            f"/repos/{OWNER_REPO}/check-runs", method="POST"
        ).respond_with_handler(self._create)
        self.server.expect_request(
            re.compile(rf"/repos/{OWNER_REPO}/check-runs/\d+"), method="PATCH"
        ).respond_with_handler(self._update)

    @property
    def base_url(self) -> str:
        return self.server.url_for("").rstrip("/")

    def fail_next(
        self, method: str, status: int, message: str, headers: dict[str, str] | None = None, times: int = 1
    ) -> None:
        """Answer the next ``times`` requests of ``method`` with an error."""
        queue = self.script.setdefault(method, deque())
        body = {"message": message, "documentation_url": "https://docs.github.com/rest"}
        for _ in range(times):
            queue.append((status, body, headers or {}))

    def fail_request(self, method: str, number: int, status: int, message: str) -> None:
        """Answer the ``number``-th request of ``method`` (1-based) with an error."""
        self.failing[(method, number)] = (status, message)

    def _scripted(self, method: str) -> Response | None:
        numbered = self.failing.get((method, len(self.of(method))))
        if numbered is not None:
            body = {"message": numbered[1]}
            return Response(json.dumps(body), status=numbered[0], content_type="application/json")
        queue = self.script.get(method)
        if queue:
            status, body, headers = queue.popleft()
            return Response(json.dumps(body), status=status, headers=headers, content_type="application/json")
        return None

    def _record(self, request: Request, validator: Draft7Validator) -> dict[str, Any]:
        body = json.loads(request.get_data(as_text=True) or "{}")
        self.requests.append(
            Recorded(request.method, request.path, body, request.headers.get("Authorization", ""))
        )
        for error in validator.iter_errors(body):
            self.schema_errors.append(f"{request.method} {request.path}: {error.message}")
        return body

    def _run_json(self, run_id: int) -> dict[str, Any]:
        run = self.runs[run_id]
        return {
            "id": run_id,
            "url": f"{self.base_url}/repos/{OWNER_REPO}/check-runs/{run_id}",
            "html_url": f"https://github.example/{OWNER_REPO}/runs/{run_id}",
            "name": run["name"],
            "head_sha": run["head_sha"],
            "status": run.get("status", "queued"),
            "conclusion": run.get("conclusion"),
            "output": {
                "title": run.get("output", {}).get("title"),
                "annotations_count": len(run["annotations"]),
            },
        }

    def _create(self, request: Request) -> Response:
        body = self._record(request, self.create_schema)
        scripted = self._scripted("POST")
        if scripted is not None:
            return scripted
        run_id = len(self.runs) + 1
        self.runs[run_id] = {**body, "annotations": list(body.get("output", {}).get("annotations", []))}
        return Response(json.dumps(self._run_json(run_id)), status=201, content_type="application/json")

    def _update(self, request: Request) -> Response:
        body = self._record(request, self.update_schema)
        scripted = self._scripted("PATCH")
        if scripted is not None:
            return scripted
        run_id = int(request.path.rsplit("/", 1)[1])
        run = self.runs[run_id]
        run["annotations"].extend(body.get("output", {}).get("annotations", []))
        for key in ("status", "conclusion", "output"):
            if key in body:
                run[key] = body[key]
        return Response(json.dumps(self._run_json(run_id)), status=200, content_type="application/json")

    # -- views for assertions --------------------------------------------------------------------

    def of(self, method: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method]

    def annotation_batches(self) -> list[int]:
        outputs = [r.body.get("output", {}) for r in self.of("PATCH")]
        return [len(output["annotations"]) for output in outputs if "annotations" in output]
