"""Long operations started from a page run in a background thread and report
their progress, which the page shows as a progress bar (polled by ``site.js``;
without JavaScript the page refreshes itself).

Three kinds share the one mechanism: retraining the matching models, a bulk
import of a CSV or JSONL file (``seed.importer``, the same code as
``alliance import``) and seeding the demo alliance (``seed.generate`` and
``seed.loader``, the same code as ``alliance seed``). The importer and the loader
report (stage, done, total); a job turns that into a fraction of its current step
and never moves backwards.

One operation runs at a time (they all write to the one graph): a second start
of the same kind by the same account while it runs returns the one running, so
a double click cannot run it twice; anything else waits with a 409.

Who may see a job: the account that started it, other accounts of the same
organisation, and staff (``Operations.visible``).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response

from backend.accounts.schemas import Principal
from backend.errors import AllianceError, Conflict, InvalidInput, NotFound
from backend.graph.store import GraphStore
from backend.recommendations.repository import RecommendationRepository
from backend.recommendations.service import MatcherHub
from matching.occupations import OccupationCoder
from matching.taxonomy import Taxonomy
from web.pages import render
from web.pages.forms import FormErrors, checked, form_errors, values

# kind → message id of its name
OPERATIONS: dict[str, str] = {
    "retrain": "Retrain the matching models (taxonomy, occupation coder, job index)",
    "import": "Import a file",
    "seed": "Seed the demo alliance",
}
# kind → its steps (message ids), in order
STEPS: dict[str, tuple[str, ...]] = {
    "retrain": (
        "Loading the skill taxonomy",
        "Fitting the occupation coder",
        "Building the job index",
    ),
    "import": ("Reading and checking the rows", "Writing to the graph"),
    "seed": ("Generating and loading the alliance", "Adding the demo accounts"),
}
# What an organisation (not staff) may import, and the column naming its owner.
OWN_IMPORTS: dict[str, tuple[str, str]] = {
    "company": ("vacancies", "firm"),
    "school": ("courses", "provider"),
}
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
IMPORT_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".json")
SHOWN_REJECTS = 500


@dataclass
class Job:
    id: str
    kind: str
    started_at: float
    steps: tuple[str, ...]
    owner: str = ""  # user id
    org: str | None = None  # the starter's organisation (its accounts may follow the job)
    step: int = 0
    part: float = 0.0  # of the current step, 0-1
    detail: str = ""  # the loader's own words ("nodes Vacancy 3/3"): data, not a message
    state: str = "running"  # running | done | failed
    error: str | None = None
    error_zh: str | None = None
    finished_at: float | None = None
    result: dict[str, Any] = field(default_factory=dict)

    @property
    def progress(self) -> float:
        if self.state == "done":
            return 1.0
        return min(1.0, (self.step + self.part) / len(self.steps))

    @property
    def current(self) -> str:
        return self.steps[min(self.step, len(self.steps) - 1)]

    def advance(self, step: int, part: float = 0.0, detail: str | None = None) -> None:
        """Move on; a report that would move the bar back (a new stage starting at
        0 inside the same step) only updates the words."""
        if step > self.step:
            self.step, self.part = step, 0.0
        if step == self.step:
            self.part = max(self.part, min(max(part, 0.0), 0.99))
        if detail is not None:
            self.detail = detail

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "state": self.state,
            "progress": round(self.progress, 3),
            "step": self.step,
            "steps": len(self.steps),
            "current": self.current,
            "detail": self.detail,
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

    @staticmethod
    def visible(job: Job, user: Principal) -> bool:
        return (
            user.is_staff
            or job.owner == user.user_id
            or (job.org is not None and job.org == user.org_id)
        )

    def recent(self, user: Principal) -> list[Job]:
        mine = [j for j in self._jobs.values() if self.visible(j, user)]
        return sorted(mine, key=lambda j: -j.started_at)[:10]

    def start(self, kind: str, user: Principal, work: Callable[[Job], None]) -> Job:
        if kind not in OPERATIONS:
            raise InvalidInput(f"no operation {kind!r}", message_zh="没有该操作", field="kind")
        with self._lock:
            running = next((j for j in self._jobs.values() if j.state == "running"), None)
            if running is not None:
                if running.kind == kind and running.owner == user.user_id:
                    return running
                raise Conflict(
                    "another long operation is running; start this one when it has finished",
                    message_zh="另一个耗时操作正在运行，请在它完成后再开始",
                )
            job = Job(
                id=f"op-{uuid.uuid4().hex[:10]}",
                kind=kind,
                started_at=time.time(),
                steps=STEPS[kind],
                owner=user.user_id,
                org=user.org_id,
            )
            self._jobs[job.id] = job
        threading.Thread(target=self._run, args=(job, work), daemon=True).start()
        return job

    @staticmethod
    def _run(job: Job, work: Callable[[Job], None]) -> None:
        try:
            work(job)
            if job.state == "running":
                job.state = "done"
        except AllianceError as exc:  # a known refusal ("the file has no rows"), in both languages
            job.state = "failed"
            job.error, job.error_zh = exc.message, exc.message_zh
        except Exception as exc:  # the page shows the failure instead of a silent thread
            job.state = "failed"
            job.error = str(exc)
        finally:
            job.finished_at = time.time()


# ---------------------------------------------------------------------- retrain
def retrain(state: Any, store: GraphStore) -> Callable[[Job], None]:
    def work(job: Job) -> None:
        taxonomy = Taxonomy.from_file(state.settings.taxonomy_path)
        job.advance(1)
        coder = OccupationCoder(taxonomy).fit()
        job.advance(2)
        hub = MatcherHub(taxonomy)
        matcher = hub.jobs(RecommendationRepository(store))
        # Swap in only when everything is built, so requests never see a half-made model.
        state.taxonomy = taxonomy
        state.occupation_coder = coder
        state.matcher_hub = hub
        job.result = {
            "skills": len(taxonomy.skills),
            "occupations": len(taxonomy.occupations),
            "vacancies_indexed": sum(1 for d in matcher.docs_ if d is not None),
            "ranker": hub.ranker_status(),
        }

    return work


# ---------------------------------------------------------------------- import
def save_upload(var_dir: Path, filename: str, content: bytes) -> Path:
    """The uploaded file under ``var/imports`` with a name of our own (never the
    client's path); the importer decides the format by its suffix."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in IMPORT_SUFFIXES:
        raise InvalidInput(
            "choose a .csv or .jsonl file",
            message_zh="请选择 .csv 或 .jsonl 文件",
            field="file",
        )
    if not content.strip():
        raise InvalidInput("the file is empty", message_zh="文件是空的", field="file")
    if len(content) > MAX_UPLOAD_BYTES:
        raise InvalidInput(
            f"the file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
            message_zh=f"文件超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
            field="file",
        )
    folder = var_dir / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex[:12]}{suffix}"
    path.write_bytes(content)
    return path


def import_kinds(user: Principal) -> tuple[str, ...]:
    """What this account may import: staff anything the importer knows; a verified
    firm its vacancies, a school or centre its courses."""
    from seed.importer import KINDS

    if user.is_staff:
        return KINDS
    own = OWN_IMPORTS.get(user.role)
    if own is None or not user.active or not user.org_id:
        return ()
    if user.role == "company" and not user.org_verified:
        return ()
    return (own[0],)


def foreign_rows(path: Path, kind: str, user: Principal) -> list[tuple[int, str, str]]:
    """Rows of an organisation's file that name another owner (a firm importing
    vacancies for another firm): the whole file is refused if there is one."""
    from seed.importer import read_rows

    if user.is_staff:
        return []
    column = OWN_IMPORTS[user.role][1]
    bad: list[tuple[int, str, str]] = []
    for line, row in read_rows(path):
        if isinstance(row, dict) and str(row.get(column) or "").strip() != user.org_id:
            bad.append(
                (
                    line,
                    f"{column} must be your own organisation's id {user.org_id!r}",
                    f"{column} 须为本单位的 id {user.org_id!r}",
                )
            )
    return bad


def _line_count(path: Path) -> int:
    """About how many rows the file holds, for the first step's bar."""
    with path.open("rb") as fh:
        lines = sum(1 for line in fh if line.strip())
    return max(1, lines - (1 if path.suffix.lower() == ".csv" else 0))


def run_import(
    store: GraphStore, path: Path, kind: str, skip_bad: bool, user: Principal
) -> Callable[[Job], None]:
    def work(job: Job) -> None:
        from seed.importer import import_file
        from seed.vocab import load as load_vocabulary

        total = _line_count(path)
        job.result = {"file_kind": kind, "skip_bad": skip_bad}
        foreign = foreign_rows(path, kind, user)
        if foreign:
            job.result.update(
                rows=total, bad=len(foreign), written=0, rejects=foreign[:SHOWN_REJECTS]
            )
            job.result.update(fuzzy=[], existing=0, nothing_written=True)
            job.state = "failed"  # the rows say why; nothing was written
            return

        def heard(stage: str, done: int, of: int) -> None:
            if stage == "check":
                job.advance(0, done / total, f"{done:,} / {total:,}")
            else:  # the loader: "nodes Vacancy", "rels REQUIRES"
                job.advance(1, done / of if of else 1.0, f"{stage} {done:,}/{of:,}")

        report = import_file(
            store, path, kind, load_vocabulary(), skip_bad=skip_bad, progress=heard
        )
        bad_lines = {ln for ln, _ in report.errors}
        written = report.written.total_nodes if report.written else 0
        job.result.update(
            rows=report.rows,
            good=report.good if report.written else 0,
            bad=len(bad_lines),
            written=written,
            relationships=report.written.total_rels if report.written else 0,
            existing=len(report.existing),
            # [line, reason, its Chinese]: the page shows the one of its language
            rejects=[
                [line, reason, report.error_zh(line, reason)]
                for line, reason in report.errors[:SHOWN_REJECTS]
            ],
            more_rejects=max(0, len(report.errors) - SHOWN_REJECTS),
            fuzzy=[
                {"line": r.line, "field": r.field, "text": r.text, "id": r.id, "score": r.score}
                for r in report.resolved
            ],
            nothing_written=report.written is None,
        )
        if report.errors and not skip_bad:
            job.state = "failed"  # the rejects say why; nothing was written

    return work


async def start_import(
    request: Request, user: Principal, form: FormData, store: GraphStore, settings: Any
) -> tuple[Job | None, dict[str, str], FormErrors]:
    """Check the upload form, keep the file and start the import; on a refusal,
    the errors beside their fields (the form is shown again)."""
    raw = values(form)
    errors = form_errors(request)
    allowed = import_kinds(user)
    kind = raw.get("file_kind") or (allowed[0] if len(allowed) == 1 else "")
    upload = form.get("file")
    if kind not in allowed:
        errors.add_msgid("file_kind", "Choose one of the options.")
    if not isinstance(upload, UploadFile) or not upload.filename:
        errors.add_msgid("file", "Choose a file to upload.")
    if errors or not isinstance(upload, UploadFile):
        return None, raw, errors
    content = await upload.read(MAX_UPLOAD_BYTES + 1)
    try:
        path = save_upload(settings.var_dir, upload.filename or "", content)
        skip_bad = checked(raw, "skip_bad")
        job = get_operations(request).start(
            "import", user, run_import(store, path, kind, skip_bad, user)
        )
    except AllianceError as exc:
        errors.add_error(exc)
        return None, raw, errors
    return job, raw, errors


def visible_job(request: Request, user: Principal, job_id: str) -> Job:
    """A job the caller may follow; any other is as if it did not exist."""
    job = get_operations(request).get(job_id)
    if job is None or not Operations.visible(job, user):
        raise NotFound(f"no operation {job_id!r}", message_zh="没有该操作")
    return job


# ---------------------------------------------------------------------- seed
class SeedRequest(BaseModel):
    scale: float = Field(default=1.0, gt=0, le=100)


def run_seed(store: GraphStore, scale: float, seed: int) -> Callable[[Job], None]:
    def work(job: Job) -> None:
        from seed.demo import ensure_demo_accounts
        from seed.generate import chunk_count
        from seed.runs import seed_alliance

        chunks = chunk_count(scale)

        def heard(i: int, stage: str, done: int, of: int) -> None:
            if stage:
                within = done / of if of else 1.0
                job.advance(0, (i + within * 0.99) / chunks, f"{stage} {done:,}/{of:,}")
            else:
                job.advance(0, (i + 1) / chunks)

        summary = seed_alliance(store, scale, seed, heard)
        job.advance(1)
        accounts = ensure_demo_accounts(store)
        job.result = {
            "scale": scale,
            "nodes": summary.total_nodes,
            "relationships": summary.total_rels,
            "repaired": summary.repaired,
            "accounts": len(accounts),
        }

    return work


def get_operations(request: Request) -> Operations:
    state = request.app.state
    if getattr(state, "operations", None) is None:
        state.operations = Operations()
    ops: Operations = state.operations
    return ops


# ---------------------------------------------------------------------- the pages
def import_page(
    request: Request,
    user: Principal,
    prefix: str,
    title: str,
    form: dict[str, str] | None = None,
    errors: FormErrors | None = None,
    code: int = 200,
) -> Response:
    """An organisation's own import form and its recent imports; ``prefix`` ("firm",
    "school") names the routes: ``<prefix>_start_import``, ``<prefix>_import_job``."""
    return render(
        request,
        "operations/import.html",
        {
            "user": user,
            "title": title,
            "action": request.url_for(f"{prefix}_start_import").path,
            "import_kinds": import_kinds(user),
            "org_id": user.org_id,
            "jobs": [j for j in get_operations(request).recent(user) if j.kind == "import"],
            "job_route": f"{prefix}_import_job",
            "form": form or {},
            "errors": errors or form_errors(request),
        },
        status_code=code,
    )


def job_page(
    request: Request, user: Principal, job_id: str, progress_route: str, back_route: str
) -> Response:
    """One job with its progress bar (polled at ``progress_route``) and its result."""
    job = visible_job(request, user, job_id)
    return render(
        request,
        "operations/job.html",
        {
            "user": user,
            "job": job,
            "label": OPERATIONS[job.kind],
            "progress_url": request.url_for(progress_route, job_id=job.id).path,
            "back": request.url_for(back_route).path,
        },
    )
