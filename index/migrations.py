"""Numbered SQLite schema migrations, recorded in a `migrations` table (one place for every
SQLite file plankb writes: the catalogue, the review store)."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

Migration = tuple[str, Callable[[sqlite3.Connection], None]]


def apply_migrations(db: sqlite3.Connection, migrations: Sequence[Migration]) -> None:
    """Run, in order, the migrations this database has not had yet (number = position + 1)."""
    db.execute("CREATE TABLE IF NOT EXISTS migrations (id INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
    done = {row[0] for row in db.execute("SELECT id FROM migrations")}
    for number, (name, step) in enumerate(migrations, start=1):
        if number not in done:
            step(db)
            db.execute("INSERT INTO migrations VALUES (?, ?, datetime('now'))", (number, name))
    db.commit()
