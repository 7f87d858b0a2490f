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
