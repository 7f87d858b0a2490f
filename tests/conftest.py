from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seed_docs():
    import plenum

    return plenum.read_reports(SEEDS, errors="raise")


@pytest.fixture(scope="session")
def seed_by_place(seed_docs):
    return seed_docs.set_index("place", drop=False)


def stored_token_keys(folder) -> set[str]:
    """The keys of the documents' tokens in a cache folder's store (which also keeps where
    their sentences lie and their formulations)."""
    import sqlite3

    con = sqlite3.connect(folder / "tokens.sqlite")
    try:
        return {k for (k,) in con.execute("SELECT key FROM tokens")
                if not k.startswith(("sentences-", "formulations-", "static-"))}
    finally:
        con.close()
