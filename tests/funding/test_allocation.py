"""The pure allocation engine: the written `rank` rule, the proven optimum, the envelope, the floors, the CLI."""

import itertools
import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funding.allocation import AllocationInfeasible, allocate
from funding.allocation_input import AllocationFormatError, parse_problem
from funding.cli import main as cli_main


def problem(items, envelope, **extra):
    return {
        "format": "qvct.allocation/1",
        "envelope": envelope,
        "items": [
            {"id": f"D{n}/1", "dossier": f"D{n}", "department": dept, "amount": amount, "score": score}
            for n, (dept, amount, score) in enumerate(items)
        ],
        **extra,
    }


def granted(result) -> dict[str, float]:
    return {g["id"]: g["amount"] for g in result.as_json()["granted"]}


# --- rank: the written rule -------------------------------------------------------------------------


def test_rank_orders_by_score_then_amount_then_id_and_skips_what_does_not_fit():
    data = problem(
        [("67", 5000, 10), ("67", 3000, 10), ("57", 8000, 12), ("57", 4000, 9)], 12000, method="rank"
    )
    result = allocate(parse_problem(data))
    # 57/8000 (score 12) first, then the score-10 pair by amount: 3000 fits, 5000 does not, 4000 does not.
    assert granted(result) == {"D2/1": 8000.0, "D1/1": 3000.0}
    assert result.as_json()["refused"] == ["D0/1", "D3/1"]


def test_rank_with_partial_gives_what_is_left_to_the_first_that_does_not_fit_and_stops():
    data = problem([("67", 6000, 10), ("57", 5000, 9), ("57", 1000, 8)], 8000, method="rank", partial=True)
    result = allocate(parse_problem(data))
    assert granted(result) == {"D0/1": 6000.0, "D1/1": 2000.0}
    assert result.total == 800000


def test_rank_meets_the_floors_first():
    data = problem(
        [("67", 6000, 15), ("08", 4000, 5), ("08", 3000, 6)],
        10000,
        method="rank",
        department_floors={"08": 5000},
    )
    result = allocate(parse_problem(data))
    # The Ardennes walk: 3000 (score 6) then 4000 (score 5) to reach 5000; 3000 left: 6000 no longer fits.
    assert granted(result) == {"D2/1": 3000.0, "D1/1": 4000.0}


def test_a_floor_larger_than_the_department_asks_is_capped_by_its_total():
    data = problem([("08", 2000, 5), ("67", 9000, 10)], 11000, department_floors={"08": 50000})
    for method in ("rank", "optimal"):
        assert granted(allocate(parse_problem(data), method)) == {"D0/1": 2000.0, "D1/1": 9000.0}


def test_floors_beyond_the_envelope_are_infeasible_and_name_the_departments():
    data = problem([("08", 6000, 5), ("55", 6000, 5)], 10000, department_floors={"08": 6000, "55": 6000})
    for method in ("rank", "optimal"):
        with pytest.raises(AllocationInfeasible) as error:
            allocate(parse_problem(data), method)
        assert error.value.departments == ["08", "55"]
        assert "08, 55" in str(error.value)


def test_all_or_nothing_floors_that_no_combination_meets_are_infeasible():
    data = problem([("08", 6000, 5), ("67", 1000, 5)], 6500, department_floors={"08": 6000, "67": 1000})
    with pytest.raises(AllocationInfeasible):
        allocate(parse_problem(data), "optimal")


# --- optimal ---------------------------------------------------------------------------------------


def test_optimal_beats_rank_when_the_best_score_blocks_the_envelope():
    data = problem([("67", 10000, 10), ("57", 6000, 9), ("54", 4000, 9)], 10000)
    assert granted(allocate(parse_problem(data), "rank")) == {"D0/1": 10000.0}
    result = allocate(parse_problem(data), "optimal")
    assert result.optimal is True
    # 10 × 10 000 = 100 000 against 9 × 10 000 = 90 000: the single action wins.
    assert granted(result) == {"D0/1": 10000.0}


def test_result_json_has_every_field_of_the_format():
    data = problem([("67", 1234.56, 3), ("57", 100, 1)], 1300)
    out = allocate(parse_problem(data)).as_json()
    assert set(out) == {
        "format",
        "method",
        "optimal",
        "envelope",
        "total",
        "value",
        "granted",
        "refused",
        "by_department",
    }
    assert out["granted"] == [{"id": "D0/1", "amount": 1234.56}]
    assert out["total"] == 1234.56 and out["value"] == 3703.68
    assert out["by_department"] == {"67": 1234.56}


def test_an_empty_problem_grants_nothing():
    result = allocate(parse_problem(problem([], 1000)))
    assert result.as_json()["granted"] == [] and result.total == 0


def _exhaustive_best(parsed) -> Decimal | None:
    """The best Σ score × amount over every all-or-nothing subset meeting the envelope and the floors."""
    from funding.allocation import effective_floors

    floors = effective_floors(parsed)
    best = None
    items = parsed.items
    for mask in itertools.product((0, 1), repeat=len(items)):
        chosen = [item for item, bit in zip(items, mask, strict=True) if bit]
        if sum(item.amount for item in chosen) > parsed.envelope:
            continue
        if any(
            sum(i.amount for i in chosen if i.department == code) < floor for code, floor in floors.items()
        ):
            continue
        value = sum((item.score * item.amount for item in chosen), Decimal(0)) / 100
        best = value if best is None or value > best else best
    return best


item_strategy = st.tuples(
    st.sampled_from(["08", "57", "67"]),
    st.integers(min_value=1, max_value=20000),
    st.integers(min_value=0, max_value=20),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    items=st.lists(item_strategy, min_size=0, max_size=9),
    envelope=st.integers(min_value=0, max_value=80000),
    floor=st.one_of(st.none(), st.integers(min_value=0, max_value=30000)),
)
def test_optimal_matches_the_exhaustive_optimum(items, envelope, floor):
    data = problem(items, envelope, **({"department_floors": {"08": floor}} if floor is not None else {}))
    parsed = parse_problem(data)
    best = _exhaustive_best(parsed)
    if best is None:
        with pytest.raises(AllocationInfeasible):
            allocate(parsed, "optimal")
        return
    result = allocate(parsed, "optimal")
    assert result.optimal
    assert result.total <= parsed.envelope
    assert abs(result.value - best) <= Decimal("0.01")


decimal_item = st.tuples(
    st.sampled_from(["08", "57", "67"]),
    st.integers(min_value=1, max_value=20000),
    st.one_of(
        st.decimals(min_value=0, max_value=20, places=2),
        st.decimals(min_value=0, max_value=20, places=9),  # beyond exact integer costs: the float objective
    ).map(str),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    items=st.lists(decimal_item, min_size=1, max_size=9),
    envelope=st.integers(min_value=0, max_value=80000),
    floor=st.one_of(st.none(), st.integers(min_value=0, max_value=30000)),
)
def test_optimal_with_decimal_scores_is_exactly_the_exhaustive_optimum(items, envelope, floor):
    data = problem(items, envelope, **({"department_floors": {"08": floor}} if floor is not None else {}))
    parsed = parse_problem(data)
    best = _exhaustive_best(parsed)
    if best is None:
        return
    result = allocate(parsed, "optimal")
    # Exact to the unit with scores of two decimals (integer costs); within the solver's gap beyond.
    exact = all(-item.score.normalize().as_tuple().exponent <= 2 for item in parsed.items)
    assert result.optimal and abs(result.value - best) <= (0 if exact else Decimal("0.000001"))


def test_the_national_benchmark_is_proven_optimal_at_its_known_value():
    # bench/allocation.py: 2,000 actions, 4 M€, three floors; the value before the rank start and the integer
    # objective (docs/benchmarks.md, 2026-11-22) — the faster solve proves the same optimum.
    from bench.allocation import national_problem

    result = allocate(national_problem(), "optimal")
    assert result.optimal and result.stopped is None
    assert result.value == Decimal("77824714.7868")
    assert (len(result.granted), result.total) == (133, 399_991_443)


@settings(max_examples=150, deadline=None)
@given(
    items=st.lists(item_strategy, min_size=0, max_size=12),
    envelope=st.integers(min_value=0, max_value=80000),
    partial=st.booleans(),
    floor=st.one_of(st.none(), st.integers(min_value=0, max_value=20000)),
)
def test_no_method_ever_exceeds_the_envelope_or_an_amount(items, envelope, partial, floor):
    extra = {"partial": partial, **({"department_floors": {"57": floor}} if floor is not None else {})}
    parsed = parse_problem(problem(items, envelope, **extra))
    amounts = {item.id: item.amount for item in parsed.items}
    for method in ("rank", "optimal"):
        try:
            result = allocate(parsed, method)
        except AllocationInfeasible:
            continue
        assert result.total <= parsed.envelope
        assert all(0 < cents <= amounts[i] for i, cents in result.granted.items())
        if not partial:
            assert all(cents == amounts[i] for i, cents in result.granted.items())


@settings(max_examples=100, deadline=None)
@given(
    items=st.lists(item_strategy, min_size=1, max_size=12), envelope=st.integers(min_value=0, max_value=80000)
)
def test_partial_optimum_is_the_fractional_greedy(items, envelope):
    parsed = parse_problem(problem(items, envelope, partial=True))
    left, value = parsed.envelope, Decimal(0)
    for item in sorted(parsed.items, key=lambda item: -item.score):
        take = min(item.amount, left)
        value += item.score * take / 100
        left -= take
    result = allocate(parsed, "optimal")
    assert result.optimal and abs(result.value - value) <= Decimal("0.01")


# --- format and CLI --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": "autre"}, "format"),
        ({"envelope": -1}, "envelope"),
        ({"method": "glouton"}, "method"),
        ({"partial": "oui"}, "partial"),
        ({"items": [{"id": "x"}]}, "items[0].dossier"),
        (
            {"items": [{"id": "x", "dossier": "d", "department": "67", "amount": 0, "score": 1}]},
            "items[0].amount",
        ),
        ({"department_floors": {"08": "beaucoup"}}, "department_floors.08"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_malformed_problems_are_named(change, message):
    with pytest.raises(AllocationFormatError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_problem({**problem([("67", 100, 1)], 1000), **change})


def test_cli_prints_the_result_and_the_flag_wins(tmp_path, capsys):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(problem([("67", 100, 1)], 1000, method="optimal")))
    assert cli_main([str(path), "--method", "rank"]) == 0
    assert json.loads(capsys.readouterr().out)["method"] == "rank"


def test_cli_exits_2_on_a_malformed_file_and_3_when_infeasible(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{pas du json")
    assert cli_main([str(bad)]) == 2
    assert "JSON" in capsys.readouterr().err
    infeasible = tmp_path / "inf.json"
    infeasible.write_text(json.dumps(problem([("08", 600, 1)], 100, department_floors={"08": 600})))
    assert cli_main([str(infeasible)]) == 3
    err = capsys.readouterr().err
    assert "08" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (json.dumps(problem([("67", 100, 1)], "1e400")), "envelope : le montant dépasse"),
        (json.dumps(problem([("67", "1e400", 1)], 1000)), "items[0].amount : le montant dépasse"),
        (json.dumps(problem([("67", 100, "1e400")], 1000)), "items[0].score"),
        (
            json.dumps(problem([("67", 100, 1)], 1000, department_floors={"08": "1e400"})),
            "department_floors.08",
        ),
        ('{"format": "qvct.allocation/1", "items": ' + "[" * 100_000 + "]" * 100_000 + "}", "imbriqué"),
        ('{"envelope": ' + "9" * 5000 + "}", "nombre beaucoup trop long"),
    ],
    ids=["1e400-envelope", "1e400-amount", "1e400-score", "1e400-floor", "deeply-nested", "endless-integer"],
)
def test_cli_answers_hostile_numbers_and_nesting_in_one_french_line(tmp_path, capsys, text, message):
    path = tmp_path / "p.json"
    path.write_text(text)
    assert cli_main([str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    [line] = err.strip().splitlines()
    assert line.startswith(f"{path} : ") and message in line


def national(count: int) -> dict:
    """A national-sized all-or-nothing problem that HiGHS cannot prove in a blink."""
    import random

    rng = random.Random(1)
    return {
        "format": "qvct.allocation/1",
        "envelope": 4_000_000,
        "items": [
            {
                "id": f"D{n}/1",
                "dossier": f"D{n}",
                "department": rng.choice(["08", "10", "51", "57", "67"]),
                "amount": rng.randint(1000, 60000),
                "score": round(rng.uniform(5, 20), 2),
            }
            for n in range(count)
        ],
    }


def test_a_stopped_solver_reports_the_best_grant_the_proven_bound_and_the_gap():
    result = allocate(parse_problem(national(2000)), time_limit=0.001).as_json()
    assert result["optimal"] is False and result["stopped"] == "time_limit"
    assert result["total"] <= result["envelope"]
    assert result["value"] <= result["best_bound"]
    assert 0 <= result["gap"] < 0.01
    assert result["gap"] == pytest.approx(
        (result["best_bound"] - result["value"]) / result["best_bound"], abs=1e-5
    )


def test_a_proven_optimum_keeps_the_shared_format():
    result = allocate(parse_problem(problem([("67", 100, 1), ("57", 200, 2)], 250))).as_json()
    assert result["optimal"] is True
    assert set(result) == {
        "format",
        "method",
        "optimal",
        "envelope",
        "total",
        "value",
        "granted",
        "refused",
        "by_department",
    }


def test_cli_time_limit_stops_and_says_the_optimum_is_not_proven(tmp_path, capsys):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(national(2000)))
    assert cli_main([str(path), "--time-limit", "0,001"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["optimal"], result["stopped"]) == (False, "time_limit") and result["best_bound"]


@pytest.mark.parametrize("value", ["0", "-1", "abc", "nan", "1e400"])
def test_cli_refuses_a_time_limit_that_is_not_a_duration(tmp_path, capsys, value):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(problem([("67", 100, 1)], 1000)))
    with pytest.raises(SystemExit) as exit_:
        cli_main([str(path), "--time-limit", value])
    assert exit_.value.code == 2
    assert "un nombre de secondes entre 0 et 86 400 est attendu" in capsys.readouterr().err


def test_twenty_thousand_items_finish_within_the_time_limit():
    """Without a time limit heeded by the solver, this ran for minutes; now it stops and says so."""
    import time

    parsed = parse_problem(national(20_000))
    started = time.monotonic()
    result = allocate(parsed, time_limit=2).as_json()
    assert time.monotonic() - started < 60
    assert result["optimal"] is False and result["total"] <= result["envelope"]
    assert result["value"] <= result["best_bound"]
