"""Index and search (embedders, FAISS vectors, BM25, SQLite catalogue) — built on ingest."""
