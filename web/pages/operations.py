"""Long operations started from a page run in a background thread and report
their progress, which the page shows as a progress bar (polled by ``site.js``;
without JavaScript the page refreshes itself).

One operation runs at a time: a second start while one runs returns the one
running, so a double click cannot train the models twice at once.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request

from backend.errors import InvalidInput
from backend.graph.store import GraphStore
from backend.recommendations.repository import RecommendationRepository
from backend.recommendations.service import MatcherHub
from matching.occupations import OccupationCoder
from matching.taxonomy import Taxonomy

# kind → message id of its name
OPERATIONS: dict[str, str] = {
    "retrain": "Retrain the matching models (taxonomy, occupation coder, job index)",
}


@dataclass
class Job:
    id: str
    kind: str
    started_at: float
    steps: list[str]
    step: int = 0
    state: str = "running"  # running | done | failed
    error: str | None = None
    finished_at: float | None = None
    result: dict[str, Any] = field(default_factory=dict)

    @property
    def progress(self) -> float:
        if self.state == "done":
            return 1.0
        return self.step / len(self.steps)

    @property
    def current(self) -> str:
        return self.steps[min(self.step, len(self.steps) - 1)]

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "state": self.state,
            "progress": round(self.progress, 3),
            "step": self.step,
            "steps": len(self.steps),
            "current": self.current,
            "error": self.error,
            "seconds": round((self.finished_at or time.time()) - self.started_at, 1),
            "result": self.result,
        }


class Operations:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def recent(self) -> list[Job]:
        return sorted(self._jobs.values(), key=lambda j: -j.started_at)[:10]

    def start(self, kind: str, state: Any, store: GraphStore, hub: MatcherHub) -> Job:
        if kind not in OPERATIONS:
            raise InvalidInput(f"no operation {kind!r}", message_zh="没有该操作", field="kind")
        with self._lock:
            running = next((j for j in self._jobs.values() if j.state == "running"), None)
            if running is not None:
                return running
            job = Job(
                id=f"op-{uuid.uuid4().hex[:10]}",
                kind=kind,
                started_at=time.time(),
                steps=[
                    "Loading the skill taxonomy",
                    "Fitting the occupation coder",
                    "Building the job index",
                ],
            )
            self._jobs[job.id] = job
        work: Callable[[], None] = lambda: _retrain(job, state, store)  # noqa: E731
        threading.Thread(target=self._run, args=(job, work), daemon=True).start()
        return job

    @staticmethod
    def _run(job: Job, work: Callable[[], None]) -> None:
        try:
            work()
            job.state = "done"
        except Exception as exc:  # the page shows the failure instead of a silent thread
            job.state = "failed"
            job.error = str(exc)
        finally:
            job.finished_at = time.time()


def _retrain(job: Job, state: Any, store: GraphStore) -> None:
    taxonomy = Taxonomy.from_file(state.settings.taxonomy_path)
    job.step = 1
    coder = OccupationCoder(taxonomy).fit()
    job.step = 2
    hub = MatcherHub(taxonomy)
    matcher = hub.jobs(RecommendationRepository(store))
    job.step = 3
    # Swap in only when everything is built, so requests never see a half-made model.
    state.taxonomy = taxonomy
    state.occupation_coder = coder
    state.matcher_hub = hub
    job.result = {
        "skills": len(taxonomy.skills),
        "occupations": len(taxonomy.occupations),
        "vacancies_indexed": sum(1 for d in matcher.docs_ if d is not None),
    }


def get_operations(request: Request) -> Operations:
    state = request.app.state
    if getattr(state, "operations", None) is None:
        state.operations = Operations()
    ops: Operations = state.operations
    return ops
