"""`make bench` works and reports its targets honestly. Nothing here times anything: the
figures themselves come from `make bench` on a quiet machine, never from a test."""

from __future__ import annotations

from anthology_dev import bench
from conftest import ROOT


def test_bench_builds_the_project_and_the_floor_from_the_same_essays():
    result = bench.run(ROOT, 12, "few-lists", repeats=1)
    assert (result["n"], result["prompts"], result["authors"]) == (12, 4, 5)
    modes = ["every_cpu", "one_cpu"] if bench.can_use_one_cpu() else ["every_cpu"]
    for mode in modes:
        timed = result[mode]
        assert timed["project_seconds"] > 0 and timed["floor_seconds"] > 0
        # The ratio is of the unrounded medians; the seconds shown are rounded to 0.01.
        assert abs(timed["ratio"] - timed["project_seconds"] / timed["floor_seconds"]) < 0.02 * timed["ratio"]
        # One pair built: its own ratio is the run's.
        assert timed["ratio_per_pair"] == [timed["ratio"]]
        # `make check` ran on the project's essays, and is set beside its build.
        assert timed["check_seconds"] > 0
        assert abs(timed["check_over_build"] - timed["check_seconds"] / timed["project_seconds"]) \
            < 0.02 * timed["check_over_build"] + 0.01
    for side in ("project", "floor"):
        assert result[side]["essay_page_bytes_max"] >= result[side]["essay_page_bytes_mean"] > 0
        assert result[side]["largest_page_bytes"] > 0
    # The project's printable edition is reported on its own, never as the largest page.
    assert result["project"]["printable_edition_bytes"] > 0
    assert result["project"]["largest_page"] != "print/index.html"
    # So is each challenge's, which holds every essay of the challenge.
    assert result["project"]["challenge_printable_edition_bytes_max"] > 0
    assert not result["project"]["largest_page"].endswith("print/index.html")
    # The ebooks: made from the essays in measurable time, each volume the build published sized.
    editions = result["editions"]
    assert editions["seconds"] > 0 and 0 < editions["share_of_project_build"] < 1
    assert set(editions["bytes"]) == {"anthology.epub", "anthology-bench.epub"}
    assert all(size > 10_000 for size in editions["bytes"].values())
    expected = {"ratio_every_cpu", "check_over_build", "essay_page_bytes", "largest_generated_page_bytes"}
    assert set(result["targets"]) == expected | ({"ratio_one_cpu"} if "one_cpu" in result else set())


def test_targets_say_which_hold():
    result = {"every_cpu": {"ratio": 2.1, "check_over_build": 0.6}, "one_cpu": {"ratio": 2.5},
              "project": {"essay_page_bytes_max": 29_000, "largest_page_bytes": 600_000},
              "search_bytes_before_first_result": {"project": 700_000, "floor": 5_000_000}}
    shown = bench.targets(result)
    assert shown["ratio_every_cpu"] == {"value": 2.1, "limit": 2.0, "holds": False}
    assert shown["ratio_one_cpu"] == {"value": 2.5, "limit": 2.6, "holds": True}
    assert shown["check_over_build"] == {"value": 0.6, "limit": 0.5, "holds": False}
    assert shown["essay_page_bytes"]["holds"] is True
    assert shown["largest_generated_page_bytes"]["holds"] is False
    assert shown["search_bytes"]["holds"] is True


def test_linearity_needs_both_ends_of_a_shape():
    def built(n, shape, seconds):
        return {"n": n, "shape": shape, "every_cpu": {"project_seconds": seconds}}

    assert bench.linearity([built(500, "few-lists", 4.0), built(5000, "many-lists", 40.0)]) == []
    linear = bench.linearity([built(500, "few-lists", 4.0), built(5000, "few-lists", 48.0)])
    assert linear == [{"shape": "few-lists", "linear_t5000_over_t500": {"value": 12.0, "limit": 11, "holds": False}}]


def test_the_table_shows_each_run_with_its_medians_and_ratios():
    def timed(project, floor, ratio, check=None):
        return {"project_seconds": project, "floor_seconds": floor, "ratio": ratio,
                **({"check_seconds": check} if check is not None else {})}

    pinned = {"n": 1000, "shape": "many-lists", "every_cpu": timed(13.2, 6.33, 2.086, 6.1),
              "one_cpu": timed(17.15, 7.22, 2.375)}
    unpinned = {"n": 500, "shape": "few-lists", "every_cpu": timed(7.67, 3.77, 2.034, 2.0)}
    rows = bench.table([pinned, unpinned]).splitlines()
    assert rows[0] == "| shape | N | every CPU, s | ratio | make check, s | one CPU, s | ratio |"
    assert rows[2] == "| many-lists | 1,000 | 13.20 / 6.33 | 2.09 | 6.10 | 17.15 / 7.22 | 2.38 |"
    assert rows[3] == "| few-lists | 500 | 7.67 / 3.77 | 2.03 | 2.00 | – | – |"
