"""`make bench` works and reports its targets honestly. Nothing here times anything: the
figures themselves come from `make bench` on a quiet machine, never from a test."""

from __future__ import annotations

from anthology import bench
from conftest import ROOT


def test_bench_builds_the_project_and_the_floor_from_the_same_essays():
    result = bench.run(ROOT, 12, repeats=1)
    assert result["n"] == 12
    assert result["project_seconds"] > 0 and result["floor_seconds"] > 0
    # The ratio is of the unrounded medians; the seconds shown are rounded to 0.01.
    assert abs(result["ratio"] - result["project_seconds"] / result["floor_seconds"]) < 0.02 * result["ratio"]
    # One pair built: its own ratio is the run's.
    assert result["ratio_per_pair"] == [result["ratio"]]
    for side in ("project", "floor"):
        assert result[side]["essay_page_bytes_max"] >= result[side]["essay_page_bytes_mean"] > 0
        assert result[side]["largest_page_bytes"] > 0
    # The project's printable edition is reported on its own, never as the largest page.
    assert result["project"]["printable_edition_bytes"] > 0
    assert result["project"]["largest_page"] != "print/index.html"
    assert set(result["targets"]) == {"ratio", "essay_page_bytes", "largest_generated_page_bytes"}


def test_targets_say_which_hold():
    result = {"ratio": 1.3, "project": {"essay_page_bytes_max": 29_000, "largest_page_bytes": 600_000},
              "search_bytes_before_first_result": {"project": 700_000, "floor": 5_000_000}}
    shown = bench.targets(result)
    assert shown["ratio"] == {"value": 1.3, "limit": 1.25, "holds": False}
    assert shown["essay_page_bytes"]["holds"] is True
    assert shown["largest_generated_page_bytes"]["holds"] is False
    assert shown["search_bytes"]["holds"] is True


def test_linearity_needs_both_ends():
    assert bench.linearity([{"n": 500, "project_seconds": 4.0}]) is None
    linear = bench.linearity([{"n": 500, "project_seconds": 4.0}, {"n": 5000, "project_seconds": 48.0}])
    assert linear == {"linear_t5000_over_t500": {"value": 12.0, "limit": 11, "holds": False}}


def test_phases_say_where_each_build_spends_its_time():
    result = bench.run(ROOT, 8, repeats=1, with_phases=True)
    for side in ("project", "floor"):
        phases = result["phases"][side]["phases"]
        assert list(phases) == ["config", "files (catalog, generated pages)", "pages read (Markdown)",
                                "pages built", "done (after the post-build hooks)"]
        assert list(phases.values()) == sorted(phases.values())
        assert result["phases"][side]["pages_by_folder"]["essays"]["pages"] >= 7
    assert result["phases"]["project"]["pages_by_folder"]["authors"]["pages"] >= 2
