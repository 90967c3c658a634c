"""The "双随机、一公开" draw (抽查名单) as data and pure functions — R9, R11, R17.

Sources: 国办发〔2015〕58号 (随机抽取检查对象、随机选派执法检查人员、抽查情况及查处结果
及时向社会公开); 行政处罚法 (2021) art. 42 (执法人员不得少于两人) and art. 43 (回避);
the sampling ratios of seeds 000 (2023: 妇幼保健机构 50%, 其他医疗、保健机构 50%),
001 (2024 county plan 附表4: 其他医疗、保健机构 10% 市级双随机, 每个区县抽 2 家) and 003
(2025: 100%); seed 004 "综合查一次" (同一行政执法主体同一时间对同一检查对象实施多项检查的，
原则上应当合并进行).

How anyone can re-run a draw (algorithm ALGORITHM_VERSION):

1. Before the draw the authority publishes the commitment (承诺值) SHA-256(secret), where
   `secret` is 32 random bytes written as 64 lowercase hex digits.
2. At the draw a public value (公开随机数, e.g. a lottery result) that nobody knew at the
   time of the commitment is entered; seed (随机种子) = SHA-256(secret ‖ public value).
3. Per stratum (抽查对象类别), n = sample_size(N, ratio, minimum); the population's USCCs
   are ranked by SHA-256(seed ‖ ":" ‖ stratum ‖ ":" ‖ USCC) and the first n are drawn.
4. Per drawn institution, the roster codes (执法人员名录库, opaque codes) not in conflict
   with it (回避) are ranked by SHA-256(seed ‖ ":inspector:" ‖ USCC ‖ ":" ‖ code) and the
   first `per_inspection` (at least 2) are assigned.

Every hash is taken over the UTF-8 bytes of the concatenated text and written as
lowercase hex; ties (impossible in practice) are broken by the USCC or code itself.
"""

import hashlib
import heapq
import re
import secrets
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

ALGORITHM_VERSION = "gx-mch-draw-1"
# 行政处罚法 (2021) 第四十二条: 执法人员不得少于两人.
MIN_INSPECTORS = 2
SECRET_BYTES = 32
_HEX64 = re.compile(r"[0-9a-f]{64}")
# Ratios in a bundle: a plain decimal string between 0 and 1 ("0.5", "1", "0.10"), the one
# form the stand-alone recipe (recipe.py) parses with integer arithmetic.
_DECIMAL_RATIO = re.compile(r"\d+(\.\d+)?")


class DrawError(ValueError):
    """A draw that cannot be made as asked (the message is for staff, in Chinese)."""


class NotEnoughInspectors(DrawError):
    """Fewer eligible inspectors than the inspection needs (行政处罚法第四十二条)."""


def _sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _ranked(prefix, values, first=None):
    """`values` in ascending order of SHA-256(UTF-8 of prefix + value), ties by value; only
    the `first` ones when given. (Hashes a copy of the prefix's state: the same digest as
    hashing the whole text, without re-hashing the prefix each time.)"""
    state = hashlib.sha256(prefix.encode("utf-8"))

    def key(value):
        digest = state.copy()
        digest.update(value.encode("utf-8"))
        return digest.hexdigest(), value

    return sorted(values, key=key) if first is None else heapq.nsmallest(first, values, key=key)


# --- 抽查比例 ---------------------------------------------------------------------------

def parse_ratio(ratio):
    """抽查比例 as an exact fraction: Fraction, Decimal, int, or a string such as "0.5",
    "1/10" or "50%". Floats are refused (0.1 is not one tenth in binary)."""
    if isinstance(ratio, bool) or isinstance(ratio, float):
        raise TypeError("抽查比例须以字符串、分数或小数（Decimal）给出，不接受浮点数。")
    if isinstance(ratio, str):
        text = ratio.strip()
        try:
            value = Fraction(text[:-1]) / 100 if text.endswith("%") else Fraction(text)
        except (ValueError, ZeroDivisionError) as error:
            raise DrawError(f"抽查比例无法识别：{ratio!r}") from error
    elif isinstance(ratio, Fraction | Decimal | int):
        try:
            value = Fraction(ratio)
        except (ValueError, OverflowError) as error:
            raise DrawError(f"抽查比例无法识别：{ratio!r}") from error
    else:
        raise TypeError(f"抽查比例类型不支持：{type(ratio).__name__}")
    if not 0 <= value <= 1:
        raise DrawError(f"抽查比例须在 0 与 100% 之间：{ratio!r}")
    return value


def sample_size(population, ratio, minimum=0):
    """抽查数量 of one stratum: ceil(抽查比例 × N) computed exactly, at least `minimum`
    (e.g. "每个区县抽2家" → minimum=2), at most N (one cannot draw more units than exist);
    0 when N = 0."""
    if population < 0 or minimum < 0:
        raise DrawError("单位总数和最少抽取数不能为负数。")
    value = parse_ratio(ratio)
    exact = -(-value.numerator * population // value.denominator)  # ceil without floats
    return min(population, max(minimum, exact))


# --- 随机种子 (commit, then reveal) -----------------------------------------------------

def new_secret():
    """抽查密钥: 32 random bytes from the operating system (`secrets`), as lowercase hex."""
    return secrets.token_hex(SECRET_BYTES)


def _check_secret(secret):
    if not isinstance(secret, str) or not _HEX64.fullmatch(secret):
        raise DrawError("抽查密钥须为 64 位小写十六进制字符串。")


def commitment(secret):
    """承诺值 published before the draw: SHA-256 of the UTF-8 bytes of the secret's
    64-digit lowercase hex text, as lowercase hex."""
    _check_secret(secret)
    return _sha256(secret)


def seed_from(secret, public_value):
    """随机种子: SHA-256 of the UTF-8 bytes of (secret hex text + public value string),
    concatenated with no separator, as lowercase hex. The public value (公开随机数) is
    used exactly as published (no trimming)."""
    _check_secret(secret)
    if not isinstance(public_value, str) or not public_value:
        raise DrawError("公开随机数不能为空。")
    return _sha256(secret + public_value)


# --- 随机抽取检查对象 -------------------------------------------------------------------

def _check_seed(seed):
    if not isinstance(seed, str) or not _HEX64.fullmatch(seed):
        raise DrawError("随机种子须为 64 位小写十六进制字符串。")


def _unique(values, what):
    values = list(values)
    for value in values:
        if not isinstance(value, str) or not value:
            raise DrawError(f"{what}须为非空字符串：{value!r}")
    if len(set(values)) != len(values):
        seen, dup = set(), []
        for value in values:
            if value in seen:
                dup.append(value)
            seen.add(value)
        raise DrawError(f"{what}重复：{', '.join(sorted(set(dup)))}")
    return values


def rank_key(seed, stratum, uscc):
    """Ranking hash of one object: SHA-256 of UTF-8 f"{seed}:{stratum}:{uscc}"."""
    return _sha256(f"{seed}:{stratum}:{uscc}")


def draw(seed, stratum, candidates, n):
    """随机抽取检查对象: the first n of `candidates` (USCC strings, 统一社会信用代码, in any
    order, no duplicates) ranked by SHA-256 over the UTF-8 bytes of
    f"{seed}:{stratum}:{uscc}" — seed as 64 lowercase hex digits, stratum the category name
    exactly as published — in ascending order of the lowercase hex digest, ties broken by
    the USCC. Returned in rank order (the 序号 of the published list)."""
    _check_seed(seed)
    candidates = _unique(candidates, "统一社会信用代码")
    if not 0 <= n <= len(candidates):
        raise DrawError(f"抽取数量 {n} 超出范围（共 {len(candidates)} 家）。")
    return _ranked(f"{seed}:{stratum}:", candidates)[:n]


# --- 随机选派执法检查人员 ---------------------------------------------------------------

def inspector_key(seed, inspection_key, code):
    """Ranking hash of one inspector: SHA-256 of UTF-8
    f"{seed}:inspector:{inspection_key}:{code}"."""
    return _sha256(f"{seed}:inspector:{inspection_key}:{code}")


def assign_inspectors(seed, inspection_key, roster, conflicts, per_inspection=MIN_INSPECTORS):
    """随机选派执法检查人员: the first `per_inspection` codes of the roster (执法人员名录库,
    opaque codes, no names) ranked by SHA-256 over UTF-8
    f"{seed}:inspector:{inspection_key}:{code}" (ties by code), skipping every code in
    `conflicts` (回避, 行政处罚法第四十三条: codes in conflict with the institution).
    `inspection_key` is the drawn institution's USCC in a bundle. At least 2 inspectors
    (行政处罚法第四十二条); too few eligible ones raise NotEnoughInspectors."""
    _check_seed(seed)
    if per_inspection < MIN_INSPECTORS:
        raise DrawError(f"每次检查的执法人员不得少于{MIN_INSPECTORS}人（行政处罚法第四十二条）。")
    roster = _unique(roster, "执法人员代码")
    excluded = set(conflicts or ())
    eligible = [code for code in roster if code not in excluded]
    if len(eligible) < per_inspection:
        raise NotEnoughInspectors(
            f"检查对象 {inspection_key} 可选派的执法人员只有 {len(eligible)} 人（已回避 "
            f"{len(roster) - len(eligible)} 人），不足 {per_inspection} 人"
            f"（行政处罚法第四十二条：执法人员不得少于两人）。"
        )
    return _ranked(f"{seed}:inspector:{inspection_key}:", eligible, per_inspection)


# --- 综合查一次 (R17) -------------------------------------------------------------------

@dataclass(frozen=True)
class DrawnItem:
    """One drawn object of one plan: the plan, its authority (行政执法主体), the USCC and
    the plan's inspection period (检查日期自 / 至, inclusive). merge_visits also takes plain
    tuples in this order, or dicts with these keys."""

    plan: object
    authority: object
    uscc: str
    start: object
    end: object


@dataclass(frozen=True)
class Visit:
    """One merged inspection (综合查一次): every plan inspected in this one visit, and the
    window in which the visit falls within all of their periods (inclusive)."""

    authority: object
    uscc: str
    start: object
    end: object
    plans: tuple

    @property
    def merged(self):
        return len(self.plans) > 1


def merge_visits(draws):
    """综合查一次 (seed 004: 同一行政执法主体同一时间对同一检查对象实施多项检查的，原则上
    应当合并进行): items of the same authority and USCC whose periods overlap become one
    visit listing their plans, with the window common to all of them.

    Per (authority, USCC) the items are taken by earliest end date: the first one's end is
    the latest day a visit can serve it, and every remaining item starting by then joins
    that visit (all of them share that day, so the window is never empty). A chain such as
    1–5, 4–10, 9–12 thus becomes two visits (1–5 with 4–10, then 9–12), never one that no
    single day could serve. The result depends only on the set of items: visits are sorted
    by authority, USCC, window and plans."""
    items = [
        item if isinstance(item, DrawnItem)
        else DrawnItem(**item) if isinstance(item, dict) else DrawnItem(*item)
        for item in draws
    ]
    groups, seen = {}, set()
    for item in items:
        if item.start > item.end:
            raise DrawError(f"检查期间起止日期颠倒：{item.plan} {item.uscc}")
        if (item.plan, item.uscc) in seen:
            raise DrawError(f"同一计划重复抽中同一单位：{item.plan} {item.uscc}")
        seen.add((item.plan, item.uscc))
        groups.setdefault((item.authority, item.uscc), []).append(item)
    visits = []
    for (authority, uscc), group in groups.items():
        remaining = sorted(group, key=lambda i: (i.end, i.start, i.plan))
        while remaining:
            day = remaining[0].end
            members = [i for i in remaining if i.start <= day]
            remaining = [i for i in remaining if i.start > day]
            visits.append(Visit(
                authority, uscc, max(i.start for i in members), day,
                tuple(sorted(i.plan for i in members)),
            ))
    return sorted(visits, key=lambda v: (v.authority, v.uscc, v.start, v.end, v.plans))


# --- The whole draw from its published bundle ------------------------------------------

def _bundle_ratio(ratio):
    if not isinstance(ratio, str) or not _DECIMAL_RATIO.fullmatch(ratio):
        raise DrawError(f"抽查比例须写成小数字符串（如 \"0.5\"）：{ratio!r}")
    return parse_ratio(ratio)


def run_draw(bundle):
    """The whole 抽查名单 from a JSON-able bundle (see recipe.py for the format):
    {"seed", "strata": [{"name", "sample_size", "drawn"}], "assignments": {uscc: [codes]}}.
    Strata keep the bundle's order; "drawn" is in rank order. A USCC may appear in only one
    stratum's population."""
    if bundle.get("algorithm") != ALGORITHM_VERSION:
        raise DrawError(f"不支持的抽取算法版本：{bundle.get('algorithm')!r}"
                        f"（本系统为 {ALGORITHM_VERSION}）。")
    seed = seed_from(bundle["secret"], bundle["public_value"])
    roster = _unique(bundle["roster"], "执法人员代码")
    conflicts = bundle.get("conflicts", {})
    per_inspection = bundle.get("per_inspection", MIN_INSPECTORS)
    _unique([stratum["name"] for stratum in bundle["strata"]], "抽查对象类别")
    _unique([u for stratum in bundle["strata"] for u in stratum["population"]],
            "统一社会信用代码（跨类别）")
    strata, assignments = [], {}
    for stratum in bundle["strata"]:
        population = stratum["population"]
        _bundle_ratio(stratum["ratio"])
        n = sample_size(len(population), stratum["ratio"], stratum.get("minimum", 0))
        drawn = draw(seed, stratum["name"], population, n)
        strata.append({"name": stratum["name"], "sample_size": n, "drawn": drawn})
        for uscc in drawn:
            assignments[uscc] = assign_inspectors(
                seed, uscc, roster, conflicts.get(uscc, ()), per_inspection)
    return {"seed": seed, "strata": strata, "assignments": assignments}


def verify(bundle, published_result):
    """复核: re-run the bundle and list every difference from the published result, in
    Chinese (an empty list when they agree). Also checks the commitment when the bundle
    carries one."""
    differences = []
    if "commitment" in bundle:
        try:
            if commitment(bundle["secret"]) != bundle["commitment"]:
                differences.append("承诺值与抽查密钥的 SHA-256 不符。")
        except DrawError as error:
            differences.append(str(error))
    try:
        expected = run_draw(bundle)
    except (DrawError, KeyError, TypeError) as error:
        return differences + [f"无法重新抽取：{error}"]
    if published_result.get("seed") != expected["seed"]:
        differences.append(f"随机种子不符：公布 {published_result.get('seed')}，"
                           f"重算 {expected['seed']}。")
    published_strata = {s.get("name"): s for s in published_result.get("strata", [])}
    expected_names = [s["name"] for s in expected["strata"]]
    for name in published_strata.keys() - set(expected_names):
        differences.append(f"公布结果多出抽查对象类别：{name}。")
    for stratum in expected["strata"]:
        name = stratum["name"]
        published = published_strata.get(name)
        if published is None:
            differences.append(f"公布结果缺少抽查对象类别：{name}。")
            continue
        if published.get("sample_size") != stratum["sample_size"]:
            differences.append(f"{name}：抽取数量不符，公布 {published.get('sample_size')}，"
                               f"重算 {stratum['sample_size']}。")
        if list(published.get("drawn", [])) != stratum["drawn"]:
            differences.append(f"{name}：抽中名单不符，公布 {published.get('drawn')}，"
                               f"重算 {stratum['drawn']}。")
    published_assignments = published_result.get("assignments", {})
    for uscc in sorted(published_assignments.keys() | expected["assignments"].keys()):
        got = published_assignments.get(uscc)
        want = expected["assignments"].get(uscc)
        if got is None or want is None or list(got) != want:
            differences.append(f"{uscc}：选派执法人员不符，公布 {got}，重算 {want}。")
    return differences
