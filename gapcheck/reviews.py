"""Reviews that last: every 规划体检 run, with its reports and the reviewer's decisions, in SQLite.

    >>> store = ReviewStore.open(settings.home)          # PLANKB_HOME/reviews.sqlite
    >>> run_id = store.save_run(reports)
    >>> store.decide(run_id, plan=1, requirement="VP09", decision="covered", comment="见专项规划")
    >>> store.load(run_id).reports[1].status("VP09")
    'covered'

A report is kept as JSON text (`report.to_record`), never pickled. Decisions are appended with
their time; the newest one for a plan's requirement is the one that counts, the older ones are
its history. Schema changes are numbered migrations recorded in the `migrations` table.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from index.migrations import Migration, apply_migrations
from ingest.errors import PlanKBError

from .report import STATUS_ZH, Report, from_record, labels_for, to_record

FILE_NAME = "reviews.sqlite"
# what a reviewer can decide: accept the finding, or set another status
DECISIONS = ("accept", "covered", "partial", "missing", "conflict")
DECISION_ZH = {"accept": "接受", **STATUS_ZH}


class ReviewError(PlanKBError):
    """A stored run cannot be found, read or changed; the message says which and why."""


def _m1_initial(db: sqlite3.Connection) -> None:
    db.executescript("""
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
        catalogue TEXT NOT NULL, errors TEXT NOT NULL DEFAULT '[]');
    CREATE TABLE plans (
        run_id INTEGER NOT NULL, position INTEGER NOT NULL, file_name TEXT NOT NULL, title TEXT NOT NULL,
        draft TEXT NOT NULL DEFAULT '', report TEXT NOT NULL, PRIMARY KEY (run_id, position));
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT, run_id INTEGER NOT NULL, position INTEGER NOT NULL,
        requirement TEXT NOT NULL, decision TEXT NOT NULL, status TEXT NOT NULL, comment TEXT NOT NULL,
        decided_at TEXT NOT NULL);
    CREATE INDEX decisions_finding ON decisions(run_id, position, requirement, id);
    """)


MIGRATIONS: list[Migration] = [("initial", _m1_initial)]


def migrate(db: sqlite3.Connection) -> None:
    apply_migrations(db, MIGRATIONS)


def now() -> str:
    """Local time to the second, ISO 8601 with offset (sorts as text within one time zone)."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass(frozen=True)
class Decision:
    """A reviewer's decision on one finding: `decision` as chosen (accept or a status), `status`
    the status it gives the finding."""

    run_id: int
    plan: int            # position of the plan in its run
    requirement: str
    decision: str
    status: str
    comment: str
    at: str


@dataclass(frozen=True)
class RunSummary:
    """One line of the 历史体检 list."""

    id: int
    created_at: str
    updated_at: str
    plans: tuple[str, ...]   # display labels
    files: tuple[str, ...]
    decisions: int           # findings with a decision


@dataclass(frozen=True)
class Run:
    """A stored run: its reports (with the current decisions applied as `Finding.review`)."""

    id: int
    created_at: str
    updated_at: str
    catalogue: str
    reports: tuple[Report, ...]
    errors: tuple[str, ...]
    decisions: tuple[Decision, ...]   # the current one per decided finding

    def decision(self, plan: int, requirement: str) -> Decision | None:
        return next((d for d in self.decisions if d.plan == plan and d.requirement == requirement), None)


@dataclass(frozen=True)
class Change:
    """A requirement whose status differs between two drafts."""

    requirement: str
    name: str
    before: str
    after: str


def compare(before: Report, after: Report) -> list[Change]:
    """Requirements whose status (after review) changed from one draft to the next, in catalogue order.

    A requirement only one of the two reports has counts as changed from or to "".
    """
    old = {f.requirement.id: f for f in before.findings}
    new = {f.requirement.id: f for f in after.findings}
    order = list(dict.fromkeys([*old, *new]))
    changes = []
    for rid in order:
        a, b = old.get(rid), new.get(rid)
        sa, sb = (a.final_status if a else ""), (b.final_status if b else "")
        if sa != sb:
            changes.append(Change(rid, (b or a).requirement.name, sa, sb))  # type: ignore[union-attr]
    return changes


class ReviewStore:
    """The runs of one knowledge base, in PLANKB_HOME/reviews.sqlite.

    Every call opens its own connection, so one store can serve all sessions of the app.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            migrate(db)

    @classmethod
    def open(cls, home: Path) -> ReviewStore:
        return cls(Path(home) / FILE_NAME)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        try:
            db = sqlite3.connect(self.path, timeout=30)
        except sqlite3.Error as exc:
            raise ReviewError(f"{self.path}: 无法打开体检记录文件，请检查该文件夹是否可写") from exc
        db.row_factory = sqlite3.Row
        try:
            with db:
                yield db
        except sqlite3.OperationalError as exc:
            raise ReviewError(f"{self.path.name}: 体检记录暂时无法读写（文件被占用或磁盘已满），请稍后重试") from exc
        except sqlite3.DatabaseError as exc:
            raise ReviewError(f"{self.path.name}: 体检记录文件已损坏，请把它移走后重试（plankb 会新建一个）") from exc
        finally:
            db.close()

    # -- runs ------------------------------------------------------------------------------------
    def save_run(self, reports: list[Report], errors: list[str] | tuple[str, ...] = (),
                 catalogue: str = "village_plan") -> int:
        """Store a new run; returns its id."""
        at = now()
        with self._db() as db:
            cur = db.execute("INSERT INTO runs (created_at, updated_at, catalogue, errors) VALUES (?, ?, ?, ?)",
                             (at, at, catalogue, json.dumps(list(errors), ensure_ascii=False)))
            run_id = int(cur.lastrowid or 0)
            db.executemany("INSERT INTO plans VALUES (?, ?, ?, ?, ?, ?)",
                           [(run_id, n, r.file_name, r.title, r.draft, json.dumps(to_record(r), ensure_ascii=False))
                            for n, r in enumerate(reports)])
        return run_id

    def runs(self, limit: int = 100) -> list[RunSummary]:
        """Stored runs, the one worked on last first."""
        with self._db() as db:
            rows = db.execute("SELECT * FROM runs ORDER BY updated_at DESC, id DESC LIMIT ?", (limit,)).fetchall()
            out = []
            for row in rows:
                plans = db.execute("SELECT file_name, title, draft FROM plans WHERE run_id = ? ORDER BY position",
                                   (row["id"],)).fetchall()
                decided = db.execute("SELECT COUNT(DISTINCT position || '/' || requirement) FROM decisions "
                                     "WHERE run_id = ?", (row["id"],)).fetchone()[0]
                out.append(RunSummary(row["id"], row["created_at"], row["updated_at"],
                                      tuple(labels_for([(p["title"], p["file_name"], p["draft"]) for p in plans])),
                                      tuple(p["file_name"] for p in plans), int(decided)))
        return out

    def latest(self) -> int | None:
        """The run worked on last, if any."""
        runs = self.runs(limit=1)
        return runs[0].id if runs else None

    def load(self, run_id: int) -> Run:
        """A stored run with its current decisions applied to the findings.

        Raises:
            ReviewError: no such run, or its stored reports cannot be read.
        """
        with self._db() as db:
            row = db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
            if row is None:
                raise ReviewError(f"没有编号为 {run_id} 的体检记录（可能已删除）")
            plans = db.execute("SELECT report FROM plans WHERE run_id = ? ORDER BY position", (run_id,)).fetchall()
            current = self._current(db, run_id)
        try:
            reports = tuple(from_record(json.loads(p["report"])) for p in plans)
            errors = tuple(json.loads(row["errors"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise ReviewError(f"{self.path.name}: 第 {run_id} 次体检的记录已损坏，无法打开") from exc
        for d in current:
            if 0 <= d.plan < len(reports):
                for f in reports[d.plan].findings:
                    if f.requirement.id == d.requirement:
                        f.review = {"status": d.status, "comment": d.comment}
        return Run(run_id, row["created_at"], row["updated_at"], row["catalogue"], reports, errors, tuple(current))

    def delete(self, run_id: int) -> None:
        """Remove a run, its plans and its decisions.

        Raises:
            ReviewError: no such run.
        """
        with self._db() as db:
            if db.execute("DELETE FROM runs WHERE id = ?", (run_id,)).rowcount == 0:
                raise ReviewError(f"没有编号为 {run_id} 的体检记录（可能已删除）")
            db.execute("DELETE FROM plans WHERE run_id = ?", (run_id,))
            db.execute("DELETE FROM decisions WHERE run_id = ?", (run_id,))

    # -- decisions -------------------------------------------------------------------------------
    def decide(self, run_id: int, plan: int, requirement: str, decision: str, comment: str = "") -> Decision:
        """Record a reviewer's decision on one finding, with the time; it replaces the previous one.

        Args:
            plan: the plan's position in the run.
            decision: "accept" (the finding's own status) or covered / partial / missing / conflict.

        Raises:
            ReviewError: unknown decision, run, plan or requirement.
        """
        if decision not in DECISIONS:
            raise ReviewError(f"未知的复核结论 {decision!r}（可用：{'、'.join(DECISION_ZH.values())}）")
        with self._db() as db:
            row = db.execute("SELECT report FROM plans WHERE run_id = ? AND position = ?", (run_id, plan)).fetchone()
            if row is None:
                raise ReviewError(f"第 {run_id} 次体检中没有第 {plan + 1} 份规划（记录可能已删除）")
            findings = {f["requirement"]["id"]: f["status"] for f in json.loads(row["report"])["findings"]}
            if requirement not in findings:
                raise ReviewError(f"要求目录中没有 {requirement}")
            status = findings[requirement] if decision == "accept" else decision
            at = now()
            db.execute("INSERT INTO decisions (run_id, position, requirement, decision, status, comment, decided_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)", (run_id, plan, requirement, decision, status, comment, at))
            db.execute("UPDATE runs SET updated_at = ? WHERE id = ?", (at, run_id))
        return Decision(run_id, plan, requirement, decision, status, comment, at)

    def history(self, run_id: int, plan: int, requirement: str) -> list[Decision]:
        """Every decision on one finding, oldest first."""
        with self._db() as db:
            rows = db.execute("SELECT * FROM decisions WHERE run_id = ? AND position = ? AND requirement = ? "
                              "ORDER BY id", (run_id, plan, requirement)).fetchall()
        return [_decision(r) for r in rows]

    def _current(self, db: sqlite3.Connection, run_id: int) -> list[Decision]:
        rows = db.execute("SELECT * FROM decisions WHERE id IN (SELECT MAX(id) FROM decisions WHERE run_id = ? "
                          "GROUP BY position, requirement) ORDER BY position, requirement", (run_id,)).fetchall()
        return [_decision(r) for r in rows]


def _decision(row: sqlite3.Row) -> Decision:
    return Decision(row["run_id"], row["position"], row["requirement"], row["decision"], row["status"],
                    row["comment"], row["decided_at"])


__all__ = ["ReviewStore", "ReviewError", "Run", "RunSummary", "Decision", "Change", "compare", "DECISIONS",
           "DECISION_ZH"]
