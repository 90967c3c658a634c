"""The "双随机、一公开" draw: exact sample sizes, a draw that depends on its inputs only,
commit-then-reveal seeds, inspectors never in conflict, 综合查一次, and a golden bundle
whose result is computed here by hand with hashlib."""

import copy
import hashlib
import re
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from disclosure.inspections.draw_rules import (
    ALGORITHM_VERSION,
    DrawError,
    DrawnItem,
    NotEnoughInspectors,
    assign_inspectors,
    commitment,
    draw,
    merge_visits,
    run_draw,
    sample_size,
    seed_from,
    verify,
)


def sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


SEED = sha("test seed")
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
usccs = st.text(USCC_CHARS, min_size=18, max_size=18)
seeds = st.binary(min_size=32, max_size=32).map(lambda b: hashlib.sha256(b).hexdigest())
strata_names = st.sampled_from(
    ["妇幼保健机构", "其他医疗、保健机构", "辅助生殖技术服务机构、人类精子库"])
ratios = st.sampled_from(["0", "0.1", "0.17", "0.5", "0.6", "1", "0.05", "0.333"])


# --- 抽查比例 ---------------------------------------------------------------------------

@pytest.mark.parametrize("population,ratio,minimum,expected", [
    (0, "0.5", 0, 0),  # nothing to draw
    (0, "0.1", 2, 0),  # a minimum never exceeds N
    (1, "0.1", 0, 1),  # ceil(0.1) = 1
    (1, Fraction(1, 10), 0, 1),
    (10, "0.1", 0, 1),  # exactly 1: no float surprise (0.1 × 10 ≠ 1.0000000000000002)
    (30, "0.1", 0, 3),
    (3, "0.1", 5, 3),  # minimum > N → N
    (7, "1", 0, 7),  # 2025 ART plan: 100%
    (7, "100%", 0, 7),
    (9, "0.5", 0, 5),  # 2023 MCH: 50%, rounded up
    (9, "50%", 0, 5),
    (12, "0.1", 2, 2),  # 2024 county plan: 10% 市级双随机, 每个区县抽2家
    (40, "0.1", 2, 4),
    (100, "0.17", 0, 17),
    (101, Decimal("0.17"), 0, 18),
    (5, "0", 0, 0),
    (5, "0", 2, 2),
    (3, "1/3", 0, 1),
])
def test_sample_size_is_the_exact_ceiling_between_minimum_and_population(
        population, ratio, minimum, expected):
    assert sample_size(population, ratio, minimum) == expected


@pytest.mark.parametrize("ratio", ["1.5", "-0.1", "abc", "150%", "1/0"])
def test_sample_size_refuses_impossible_ratios(ratio):
    with pytest.raises(DrawError):
        sample_size(10, ratio)


def test_sample_size_refuses_floats_and_negative_counts():
    with pytest.raises(TypeError):
        sample_size(10, 0.1)
    with pytest.raises(DrawError):
        sample_size(-1, "0.5")
    with pytest.raises(DrawError):
        sample_size(5, "0.5", minimum=-1)


@given(st.integers(0, 5000), st.integers(0, 1000), st.integers(1, 1000), st.integers(0, 50))
@example(population=1, numerator=0, denominator=1, minimum=2)  # the minimum capped at N
def test_sample_size_matches_the_definition(population, numerator, denominator, minimum):
    ratio = Fraction(min(numerator, denominator), denominator)
    n = sample_size(population, ratio, minimum)
    assert 0 <= n <= population
    if population:
        assert n >= min(minimum, population)
        assert n >= ratio * population and (
            n - 1 < ratio * population or n == min(minimum, population))


# --- 随机种子 ---------------------------------------------------------------------------

def test_commitment_and_seed_are_sha256_of_the_utf8_text():
    secret = "ab" * 32
    assert commitment(secret) == hashlib.sha256(secret.encode("ascii")).hexdigest()
    assert seed_from(secret, "双色球2025001期") == hashlib.sha256(
        (secret + "双色球2025001期").encode("utf-8")).hexdigest()
    assert seed_from(secret, "1") != seed_from(secret, "1 ")  # used exactly as published


def test_new_secret_is_32_random_bytes_in_hex():
    from disclosure.inspections.draw_rules import new_secret

    first, second = new_secret(), new_secret()
    assert re.fullmatch(r"[0-9a-f]{64}", first) and first != second


@pytest.mark.parametrize("secret", ["AB" * 32, "ab" * 31, "zz" * 32, 42])
def test_a_secret_must_be_64_lowercase_hex_digits(secret):
    with pytest.raises(DrawError):
        commitment(secret)


def test_the_public_value_is_required():
    with pytest.raises(DrawError):
        seed_from("ab" * 32, "")


# --- 随机抽取检查对象 -------------------------------------------------------------------

def test_draw_ranks_by_the_documented_hash():
    candidates = [f"9145010000000000{i:02d}" for i in range(20)]
    expected = sorted(candidates, key=lambda u: sha(f"{SEED}:妇幼保健机构:{u}"))[:7]
    assert draw(SEED, "妇幼保健机构", candidates, 7) == expected


def test_draw_rejects_duplicates_bad_seeds_and_impossible_sizes():
    with pytest.raises(DrawError, match="重复"):
        draw(SEED, "s", ["A", "B", "A"], 1)
    with pytest.raises(DrawError):
        draw(SEED.upper(), "s", ["A", "B"], 1)
    with pytest.raises(DrawError):
        draw(SEED, "s", ["A", "B"], 3)
    with pytest.raises(DrawError):
        draw(SEED, "s", ["A", ""], 1)


def test_the_stratum_and_the_seed_change_the_draw():
    candidates = [f"9145010000000000{i:02d}" for i in range(40)]
    assert draw(SEED, "a", candidates, 10) != draw(SEED, "b", candidates, 10)
    assert draw(SEED, "a", candidates, 10) != draw(sha("other"), "a", candidates, 10)


@given(seeds, strata_names, st.lists(usccs, unique=True, max_size=40), st.randoms(),
       st.data())
def test_the_draw_depends_only_on_its_inputs(seed, stratum, candidates, random, data):
    n = data.draw(st.integers(0, len(candidates)))
    shuffled = list(candidates)
    random.shuffle(shuffled)
    drawn = draw(seed, stratum, candidates, n)
    assert drawn == draw(seed, stratum, shuffled, n)
    assert len(drawn) == n and set(drawn) <= set(candidates)
    # A larger sample extends a smaller one: the ranking is one list.
    assert draw(seed, stratum, candidates, len(candidates))[:n] == drawn


# --- 随机选派执法检查人员 ---------------------------------------------------------------

def test_inspectors_are_ranked_by_the_documented_hash_after_conflicts():
    roster = [f"ZF{i:03d}" for i in range(10)]
    ranked = sorted(roster, key=lambda c: sha(f"{SEED}:inspector:U1:{c}"))
    assert assign_inspectors(SEED, "U1", roster, set()) == ranked[:2]
    assert assign_inspectors(SEED, "U1", roster, {ranked[0]}) == ranked[1:3]
    assert assign_inspectors(SEED, "U1", roster, set(), per_inspection=3) == ranked[:3]


def test_too_few_inspectors_is_an_error_in_chinese():
    with pytest.raises(NotEnoughInspectors, match="不得少于两人"):
        assign_inspectors(SEED, "U1", ["ZF001", "ZF002", "ZF003"], {"ZF001", "ZF002"})
    with pytest.raises(DrawError, match="第四十二条"):
        assign_inspectors(SEED, "U1", ["ZF001", "ZF002"], set(), per_inspection=1)
    with pytest.raises(DrawError, match="重复"):
        assign_inspectors(SEED, "U1", ["ZF001", "ZF001", "ZF002"], set())


@given(seeds, usccs, st.lists(st.text("ABCZ0123456789", min_size=3, max_size=5), unique=True,
                              min_size=2, max_size=15),
       st.randoms(), st.data())
def test_no_conflicted_inspector_is_ever_assigned(seed, uscc, roster, random, data):
    conflicts = set(data.draw(st.lists(st.sampled_from(roster), max_size=len(roster))))
    per = data.draw(st.integers(2, 4))
    shuffled = list(roster)
    random.shuffle(shuffled)
    if len(roster) - len(conflicts) < per:
        with pytest.raises(NotEnoughInspectors):
            assign_inspectors(seed, uscc, roster, conflicts, per)
        return
    assigned = assign_inspectors(seed, uscc, roster, conflicts, per)
    assert len(assigned) == per == len(set(assigned))
    assert not set(assigned) & conflicts and set(assigned) <= set(roster)
    assert assign_inspectors(seed, uscc, shuffled, conflicts, per) == assigned


# --- 综合查一次 -------------------------------------------------------------------------

D = date


def test_overlapping_plans_of_one_authority_become_one_visit():
    visits = merge_visits([
        ("2024-MCH", "450100", "U1", D(2024, 5, 1), D(2024, 10, 30)),
        ("2024-MED", "450100", "U1", D(2024, 3, 1), D(2024, 6, 30)),
        ("2024-MCH", "450100", "U2", D(2024, 5, 1), D(2024, 10, 30)),
        ("2024-ART", "450000", "U1", D(2024, 5, 1), D(2024, 10, 30)),  # another authority
    ])
    assert [(v.authority, v.uscc, v.start, v.end, v.plans, v.merged) for v in visits] == [
        ("450000", "U1", D(2024, 5, 1), D(2024, 10, 30), ("2024-ART",), False),
        ("450100", "U1", D(2024, 5, 1), D(2024, 6, 30), ("2024-MCH", "2024-MED"), True),
        ("450100", "U2", D(2024, 5, 1), D(2024, 10, 30), ("2024-MCH",), False),
    ]


def test_periods_that_only_touch_overlap_and_disjoint_ones_do_not():
    touching = merge_visits([("a", 1, "U", D(2024, 1, 1), D(2024, 3, 1)),
                             ("b", 1, "U", D(2024, 3, 1), D(2024, 6, 1))])
    assert [v.plans for v in touching] == [("a", "b")]
    apart = merge_visits([("a", 1, "U", D(2024, 1, 1), D(2024, 2, 28)),
                          ("b", 1, "U", D(2024, 3, 1), D(2024, 6, 1))])
    assert [v.plans for v in apart] == [("a",), ("b",)]


def test_a_chain_of_overlaps_never_makes_a_visit_no_day_can_serve():
    visits = merge_visits([
        DrawnItem("a", 1, "U", D(2024, 1, 1), D(2024, 1, 5)),
        DrawnItem("b", 1, "U", D(2024, 1, 4), D(2024, 1, 10)),
        {"plan": "c", "authority": 1, "uscc": "U", "start": D(2024, 1, 9),
         "end": D(2024, 1, 12)},
    ])
    assert [(v.plans, v.start, v.end) for v in visits] == [
        (("a", "b"), D(2024, 1, 4), D(2024, 1, 5)),
        (("c",), D(2024, 1, 9), D(2024, 1, 12)),
    ]


def test_merge_rejects_reversed_periods_and_repeated_items():
    with pytest.raises(DrawError):
        merge_visits([("a", 1, "U", D(2024, 2, 1), D(2024, 1, 1))])
    with pytest.raises(DrawError):
        merge_visits([("a", 1, "U", D(2024, 1, 1), D(2024, 2, 1))] * 2)


items = st.builds(
    lambda plan, authority, uscc, start, length: (
        plan, authority, uscc, start, start + timedelta(days=length)),
    st.sampled_from(["P1", "P2", "P3", "P4", "P5", "P6"]), st.sampled_from(["450000", "450100"]),
    st.sampled_from(["U1", "U2", "U3"]), st.dates(D(2024, 1, 1), D(2024, 12, 31)),
    st.integers(0, 120),
)


@given(st.lists(items, max_size=25, unique_by=lambda i: (i[0], i[2])), st.randoms())
def test_merge_visits_is_order_independent_and_sound(drawn, random):
    shuffled = list(drawn)
    random.shuffle(shuffled)
    visits = merge_visits(drawn)
    assert visits == merge_visits(shuffled)
    # Every item is in exactly one visit, whose window lies within the item's period.
    by_key = {(i[0], i[1], i[2]): i for i in drawn}
    covered = [(plan, v.authority, v.uscc) for v in visits for plan in v.plans]
    assert sorted(covered) == sorted(by_key)
    for visit in visits:
        assert visit.start <= visit.end
        for plan in visit.plans:
            item = by_key[(plan, visit.authority, visit.uscc)]
            assert item[3] <= visit.start and visit.end <= item[4]


# --- The whole draw: a golden bundle computed by hand ----------------------------------

SECRET = "0123456789abcdef" * 4
PUBLIC_VALUE = "2025年第100期:07 12 19 23 31"
MCH = ["12450100MB0A00001X", "12450200MB0A00002X", "12450300MB0A00003X", "12450400MB0A00004X"]
OTHER = ["52450100MA0B00001Y", "52450200MA0B00002Y", "52450300MA0B00003Y",
         "52450400MA0B00004Y", "52450500MA0B00005Y"]
ROSTER = ["A01", "A02", "A03", "A04"]

GOLDEN_BUNDLE = {
    "algorithm": "gx-mch-draw-1",
    "commitment": "a8ae6e6ee929abea3afcfc5258c8ccd6f85273e0d4626d26c7279f3250f77c8e",
    "secret": SECRET,
    "public_value": PUBLIC_VALUE,
    "strata": [
        {"name": "妇幼保健机构", "ratio": "0.5", "minimum": 0, "population": MCH},
        # 2024 county plan: 10%, 每个区县抽2家 → ceil(0.5) = 1, raised to 2.
        {"name": "其他医疗、保健机构", "ratio": "0.1", "minimum": 2, "population": OTHER},
    ],
    "roster": ROSTER,
    "conflicts": {"12450100MB0A00001X": ["A01"], "52450400MA0B00004Y": ["A03", "A04"]},
    "per_inspection": 2,
}

# Computed once with hashlib (see test_the_golden_result_by_hand for the working).
GOLDEN_SEED = "04e0bd7d4dd6a430e6116ea9215609f01a30a9aaa3d06784945d4acb8cdbb00a"
GOLDEN_RESULT = {
    "seed": GOLDEN_SEED,
    "strata": [
        # hashes 083044dc… < 3bf9b5ae… < 4e2bc4b7… < f8388846…
        {"name": "妇幼保健机构", "sample_size": 2,
         "drawn": ["12450300MB0A00003X", "12450100MB0A00001X"]},
        # hashes 00980041… < 143a206e… < 1bba2283… < 36693e43… < 6df98ab8…
        {"name": "其他医疗、保健机构", "sample_size": 2,
         "drawn": ["52450100MA0B00001Y", "52450400MA0B00004Y"]},
    ],
    "assignments": {
        "12450300MB0A00003X": ["A03", "A02"],  # A03 109b8fb3…, A02 33cce541…
        "12450100MB0A00001X": ["A04", "A03"],  # A01 ranks first but 回避
        "52450100MA0B00001Y": ["A02", "A01"],
        "52450400MA0B00004Y": ["A02", "A01"],  # A03, A04 rank first but 回避
    },
}


def test_the_golden_result_by_hand():
    """The expected result, worked out with hashlib alone, step by step."""
    assert ALGORITHM_VERSION == GOLDEN_BUNDLE["algorithm"]
    assert hashlib.sha256(SECRET.encode()).hexdigest() == GOLDEN_BUNDLE["commitment"]
    seed = hashlib.sha256((SECRET + PUBLIC_VALUE).encode("utf-8")).hexdigest()
    assert seed == GOLDEN_SEED

    def ranked(prefix, values):
        digests = {v: hashlib.sha256((prefix + v).encode("utf-8")).hexdigest() for v in values}
        return sorted(values, key=digests.__getitem__)

    mch = ranked(seed + ":妇幼保健机构:", MCH)
    other = ranked(seed + ":其他医疗、保健机构:", OTHER)
    assert mch[:2] == GOLDEN_RESULT["strata"][0]["drawn"]  # 4 × 0.5 = 2
    assert other[:2] == GOLDEN_RESULT["strata"][1]["drawn"]  # ceil(5 × 0.1) = 1 < minimum 2
    for uscc, codes in GOLDEN_RESULT["assignments"].items():
        free = [c for c in ROSTER if c not in GOLDEN_BUNDLE["conflicts"].get(uscc, [])]
        assert ranked(seed + ":inspector:" + uscc + ":", free)[:2] == codes


def test_run_draw_reproduces_the_golden_result():
    assert run_draw(GOLDEN_BUNDLE) == GOLDEN_RESULT
    assert verify(GOLDEN_BUNDLE, GOLDEN_RESULT) == []


def test_verify_lists_every_difference():
    tampered = copy.deepcopy(GOLDEN_RESULT)
    tampered["strata"][0]["drawn"] = ["12450200MB0A00002X", "12450100MB0A00001X"]
    tampered["assignments"]["12450100MB0A00001X"] = ["A01", "A03"]
    differences = verify(GOLDEN_BUNDLE, tampered)
    assert len(differences) == 2
    assert "妇幼保健机构：抽中名单不符" in differences[0]
    assert "12450100MB0A00001X：选派执法人员不符" in differences[1]

    other_value = dict(GOLDEN_BUNDLE, public_value="2025年第101期")
    assert any("随机种子不符" in d for d in verify(other_value, GOLDEN_RESULT))
    wrong_commitment = dict(GOLDEN_BUNDLE, commitment="0" * 64)
    assert verify(wrong_commitment, GOLDEN_RESULT) == ["承诺值与抽查密钥的 SHA-256 不符。"]
    missing = dict(GOLDEN_RESULT, strata=GOLDEN_RESULT["strata"][:1])
    assert any("缺少抽查对象类别：其他医疗、保健机构" in d for d in verify(GOLDEN_BUNDLE, missing))


def test_verify_reports_a_bundle_that_cannot_be_run():
    assert verify(dict(GOLDEN_BUNDLE, algorithm="other-1"), GOLDEN_RESULT)[0].startswith(
        "无法重新抽取：不支持的抽取算法版本")


@pytest.mark.parametrize("change,message", [
    ({"strata": [{"name": "x", "ratio": 0.5, "population": ["A"]}]}, "小数字符串"),
    ({"strata": [{"name": "x", "ratio": "50%", "population": ["A"]}]}, "小数字符串"),
    ({"strata": [{"name": "x", "ratio": "0.5", "population": ["A", "A"]}]}, "重复"),
    ({"strata": [{"name": "x", "ratio": "0.5", "population": ["A"]},
                 {"name": "y", "ratio": "0.5", "population": ["A"]}]}, "跨类别"),
    ({"strata": [{"name": "x", "ratio": "0.5", "population": ["A"]},
                 {"name": "x", "ratio": "0.5", "population": ["B"]}]}, "类别重复"),
    ({"roster": ["A01", "A02"], "conflicts": {"12450300MB0A00003X": ["A02"]}}, "不足"),
])
def test_run_draw_refuses_malformed_bundles(change, message):
    with pytest.raises(DrawError, match=message):
        run_draw(dict(GOLDEN_BUNDLE, **change))


bundles = st.builds(
    lambda secret, public, strata, roster, per: {
        "algorithm": ALGORITHM_VERSION, "secret": secret, "public_value": public,
        "strata": strata, "roster": roster, "conflicts": {}, "per_inspection": per,
    },
    st.binary(min_size=32, max_size=32).map(bytes.hex),
    st.text(min_size=1, max_size=20),
    st.lists(usccs, unique=True, max_size=30).flatmap(lambda population: st.lists(
        st.tuples(strata_names, ratios, st.integers(0, 3)), min_size=1, max_size=3,
        unique_by=lambda t: t[0],
    ).map(lambda specs: [
        {"name": name, "ratio": ratio, "minimum": minimum,
         "population": population[i::len(specs)]}
        for i, (name, ratio, minimum) in enumerate(specs)
    ])),
    st.lists(st.text("ABCZ0123456789", min_size=3, max_size=4), unique=True, min_size=4,
             max_size=8),
    st.integers(2, 3),
)


@given(bundles, st.randoms())
def test_a_bundle_gives_one_result_whatever_the_order_of_its_lists(bundle, random):
    result = run_draw(bundle)
    shuffled = copy.deepcopy(bundle)
    for stratum in shuffled["strata"]:
        random.shuffle(stratum["population"])
    random.shuffle(shuffled["roster"])
    assert run_draw(shuffled) == result
    for stratum, drawn in zip(bundle["strata"], result["strata"], strict=True):
        n = sample_size(len(stratum["population"]), stratum["ratio"], stratum["minimum"])
        assert drawn["sample_size"] == n == len(drawn["drawn"])
    assert set(result["assignments"]) == {u for s in result["strata"] for u in s["drawn"]}
    assert verify(bundle, result) == []
