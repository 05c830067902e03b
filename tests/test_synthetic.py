"""Synthetic records (benchmarks, scale tests) are valid, deterministic, and written
only where asked."""

from casebook.records.collection import check_collection
from casebook.tools.synthetic import write_synthetic_collection
from tests.conftest import project_for


def test_synthetic_records_pass_the_checker_and_are_deterministic(tmp_path):
    first = write_synthetic_collection(tmp_path / "a", 40, seed=7)
    second = write_synthetic_collection(tmp_path / "b", 40, seed=7)
    assert [p.read_text() for p in first] == [p.read_text() for p in second]
    collection, problems = check_collection(project_for(tmp_path / "a"))
    assert problems == []
    assert len(collection.precedents) == 40
    assert all("Synthetic" in p.summary.get() for p in collection.precedents)
