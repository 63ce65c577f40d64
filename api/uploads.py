"""Files posted to the API: the same limits and messages as the app's upload boxes (size from
Settings.max_file_mb, the reader's own message for a type it does not read), saved with
`app.uploads.save_uploads`."""
from __future__ import annotations

from pathlib import Path

from fastapi import UploadFile

from app.uploads import save_uploads


def too_large(name: str, size: int, max_bytes: int) -> str:
    """The 文库 page's message for a file over the limit (app.uploads.save_uploads)."""
    return f"{name}：文件 {size / 2**20:.0f} MB，超过上限 {max_bytes / 2**20:.0f} MB，已跳过"


def receive(home: Path, files: list[UploadFile], max_bytes: int) -> tuple[list[Path], list[str], list[str]]:
    """Save posted files under home/uploads/<new folder>.

    Returns:
        The saved paths, the names the client gave them (in the same order) and one-line
        messages for the files refused before saving (too large, bad name).
    """
    accepted: list[tuple[str, bytes]] = []
    refused: list[str] = []
    for upload in files:
        name = upload.filename or "upload"
        content = upload.file.read(max_bytes + 1)   # never more than the limit in memory
        if len(content) > max_bytes:
            refused.append(too_large(name, upload.size or len(content), max_bytes))
            continue
        accepted.append((name, content))
    saved, bad_names = save_uploads(home, accepted, max_bytes)
    refused += bad_names
    names = [n for n, _ in accepted if not any(m.startswith(f"{n}：") for m in bad_names)]
    return saved, names, refused


def discard(paths: list[Path]) -> None:
    """Delete saved uploads that did not make it into the knowledge base, and their folder."""
    for p in paths:
        p.unlink(missing_ok=True)
        try:
            p.parent.rmdir()   # only when empty: the folder may hold the batch's good files
        except OSError:
            pass
