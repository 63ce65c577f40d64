"""plankb's HTTP API (FastAPI): `create_app(settings)`; `plankb serve` runs it with uvicorn."""
from __future__ import annotations

from api.app import create_app

__all__ = ["create_app"]
