"""The official summary tables (R13): 000 附件2 and 003 附表2, as data, with the rows
computed from per-category facts and an XLSX writer that merges the headings as the
seeds do.

A layout's headings are a tree (the seeds' three heading rows); ``header_rows`` is
that tree laid out as table rows, HTML-style: each row lists the cells that *start*
in it, left to right, as ``HeaderCell(text, row_span, col_span)``; positions covered
by a row span from above are skipped. Heading texts are word for word from the seeds
(line breaks inside a cell removed), slips included (000 “新生儿初生缺陷”, the
question-form column 13 of 000, the “；” ending some 003 headings).

No Django imports; the XLSX writer is in summary_xlsx.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

LABEL = "单位类别"
TOTAL = "合计"

# Column kinds.
POPULATION = "population"  # 辖区内单位总数 (the draw's population)
INSPECTED = "inspected"  # 检查单位数
ITEM = "item"  # 不合格单位数 of one check item
CASES = "cases"  # 查处案件数
FINES = "fines"  # 罚没款金额（万元）, Decimal
LICENCE_REVOCATIONS = "licence_revocations"  # 吊销执业机构许可证单位数
CERTIFICATE_REVOCATIONS = "certificate_revocations"  # 吊销人员资格证单位数


@dataclass(frozen=True)
class HeaderCell:
    text: str
    row_span: int = 1
    col_span: int = 1


@dataclass(frozen=True)
class Column:
    """One value column (every column but 单位类别).

    ``item_refs`` ("group-item", e.g. "2-6") name the plan-template items whose
    不合格 makes a unit count in this column; they are resolved against a template
    with ``column_item_codes`` (000's refs fit 2023MCH and 2024MCH, 003's 2025ART).
    """

    key: str
    heading: str
    kind: str
    item_refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Node:
    text: str
    children: tuple[_Node, ...] = ()
    column: Column | None = None


@dataclass(frozen=True)
class SummaryLayout:
    key: str
    annex: str  # 附件2 / 附表2
    title: str
    header_rows: tuple[tuple[HeaderCell, ...], ...]
    columns: tuple[Column, ...]
    category_rows: tuple[str, ...]  # 单位类别 rows in the table's order (合计 excluded)
    item_groups: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())

    @property
    def width(self) -> int:
        return 1 + len(self.columns)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)

    @property
    def item_keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns if column.kind == ITEM)

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


def _leaves(node: _Node) -> int:
    return 1 if not node.children else sum(_leaves(child) for child in node.children)


def _depth(node: _Node) -> int:
    return 1 if not node.children else 1 + max(_depth(child) for child in node.children)


def _layout(key, annex, title, tree: Sequence[_Node], category_rows) -> SummaryLayout:
    depth = max(_depth(node) for node in tree)
    rows: list[list[HeaderCell]] = [[] for _ in range(depth)]
    columns: list[Column] = []

    def walk(node: _Node, level: int) -> None:
        if node.children:
            rows[level].append(HeaderCell(node.text, 1, _leaves(node)))
            for child in node.children:
                walk(child, level + 1)
        else:
            rows[level].append(HeaderCell(node.text, depth - level, 1))
            if node.column is not None:
                columns.append(node.column)

    for node in tree:
        walk(node, 0)
    groups = tuple(
        (group.text, tuple(leaf.column.key for leaf in group.children))
        for top in tree if top.text == "不合格情况" for group in top.children
    )
    return SummaryLayout(
        key=key, annex=annex, title=title,
        header_rows=tuple(tuple(row) for row in rows),
        columns=tuple(columns), category_rows=tuple(category_rows), item_groups=groups,
    )


def _leaf(key, heading, kind, refs=()) -> _Node:
    return _Node(heading, column=Column(key, heading, kind, tuple(refs)))


def _items(start: int, spec) -> tuple[_Node, ...]:
    return tuple(
        _leaf(f"nc{number:02d}", heading, ITEM, refs)
        for number, (heading, refs) in enumerate(spec, start=start)
    )


def _head(item_groups) -> tuple[_Node, ...]:
    penalties = (
        _leaf("cases", "查处案件数", CASES),
        _leaf("fines", "罚没款金额（万元）", FINES),
        _leaf("licence_revocations", "吊销执业机构许可证单位数", LICENCE_REVOCATIONS),
        _leaf("certificate_revocations", "吊销人员资格证单位数", CERTIFICATE_REVOCATIONS),
    )
    start, groups = 1, []
    for name, spec in item_groups:
        groups.append(_Node(name, _items(start, spec)))
        start += len(spec)
    return (
        _Node(LABEL),
        _leaf("population", "辖区内单位总数", POPULATION),
        _leaf("inspected", "检查单位数", INSPECTED),
        _Node("不合格情况", tuple(groups)),
        _Node("行政处罚情况", penalties),
    )


# 000 附件2. The refs are this module's reading of which 2023MCH items each column
# reports; items with no column: 2-5 (NIPT), 3-6 (虚假出生医学证明), 4-1, 4-2.
# 1-1 (“机构执业资质和人员执业资格”) feeds both qualification columns.
MCH_2023_SUMMARY = _layout(
    "2023MCH-附件2", "附件2", "2023年母婴保健技术服务机构国家随机监督抽查汇总表",
    _head((
        ("机构及人员资质情况", (
            ("机构执业资质管理不符合要求单位数", ("1-1", "1-2", "1-3", "4-4")),
            ("人员资格管理不符合要求单位数", ("1-1",)),
        )),
        ("法律法规执行情况", (
            ("机构未按照批准的业务范围和服务项目执业单位数", ("2-1",)),
            ("人员未按照批准的服务项目执业单位数", ("2-2",)),
            ("不符合开展技术服务的机构设置标准单位数", ("2-3",)),
            ("未按要求开展终止中期以上妊娠手术进行查验登记单位数", ("2-4",)),
            ("未按要求开展人类辅助生殖技术查验身份证、结婚证单位数", ("2-6",)),
            ("开展相关技术服务未按要求遵守知情同意原则单位数", ("2-7",)),
            ("出具医学证明文件和诊断报告不符合相关规定单位数", ("2-8",)),
            ("病历、记录、档案等文书不符合相关规定单位数", ("2-9",)),
            ("未按要求设置禁止“两非”警示标志单位数", ("2-10",)),
            ("违法发布母婴保健技术服务广告单位数", ("2-11",)),
            ("开展产前诊断、人类辅助生殖技术等服务是否符合相关要求", ("2-12",)),
            ("存在买卖精子、买卖卵子、代孕、伪造和买卖出生医学证明等违法犯罪行为单位数",
             ("4-3",)),
        )),
        ("制度建立情况", (
            ("未建立禁止胎儿性别鉴定管理制度单位数", ("3-1",)),
            ("未建立终止中期以上妊娠查验登记制度单位数", ("3-2",)),
            ("未建立健全技术档案管理、转诊、追踪观察制度单位数", ("3-3",)),
            ("未建立孕产妇死亡、婴儿死亡以及新生儿初生缺陷报告制度单位数", ("3-4",)),
            ("未建立出生医学证明管理制度和未按要求实施单位数", ("3-5",)),
            ("不具有保证技术服务安全和服务质量的其他管理制度单位数", ("3-7",)),
        )),
    )),
    ("妇幼保健机构", "其他医疗、保健机构"),
)

# 003 附表2. The seed shows no 单位类别 rows; the default is 附表1's one object category.
# 3-8 (实时监控) has no column of its own: 二（三）7 joins it to the 2人核对 check.
ART_2025_SUMMARY = _layout(
    "2025ART-附表2", "附表2", "2025年人类辅助生殖技术机构广西随机监督抽查汇总表",
    _head((
        ("机构及人员资质情况", (
            ("机构执业资质管理不符合要求单位数", ("1-1", "1-3")),
            ("人员资格管理不符合要求单位数", ("1-2",)),
        )),
        ("制度建立情况", (
            ("机构未按照要求建立严格的内部管理制度，明确岗位职责和服务流程单位数", ("2-1",)),
            ("机构未按照要求严格落实医疗质量安全核心制度，遵守临床、实验室等操作规范单位数",
             ("2-2",)),
            ("机构未按照要求建立依法执业自查工作制度，未按照要求组织开展依法执业自查自纠工作；",
             ("2-3",)),
        )),
        ("法律法规执行情况", (
            ("未按照要求遵守知情同意原则单位数；", ("3-1",)),
            ("开展人类辅助生殖技术未按要求查验身份证、结婚证单位数；", ("3-2",)),
            ("未按要求严格掌握适应证和禁忌证单位数", ("3-3",)),
            ("未按要求使用具有《人类精子库批准证书》机构提供的精子单位数", ("3-4",)),
            ("未按要求建立健全的辅助生殖技术的病历档案资料单位数", ("3-5",)),
            ("人类辅助生殖技术分娩的新生儿性别比严重失衡的单位数；", ("3-6",)),
            ("对配子、合子和胚胎的处理、转移、保存、使用等关键环节未按要求由2人以上同时现场"
             "核对单位数", ("3-7", "3-8")),
            ("开展相关辅助生殖技术医学研究的资质资格、登记备案、伦理审查等不符合相关要求的单位数",
             ("3-9",)),
            ("相关机构生殖医学伦理委员会未按要求对辅助生殖技术开展的全过程和研究活动进行审查"
             "和监督单位数", ("3-10",)),
        )),
    )),
    ("辅助生殖技术服务机构、人类精子库",),
)

LAYOUTS: tuple[SummaryLayout, ...] = (MCH_2023_SUMMARY, ART_2025_SUMMARY)


def get_layout(key: str) -> SummaryLayout:
    for layout in LAYOUTS:
        if layout.key == key:
            return layout
    raise KeyError(key)


def header_cells(layout: SummaryLayout) -> list[tuple[int, int, HeaderCell]]:
    """Place ``header_rows`` on a grid: (row, column, cell), both 0-based."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for row, cells in enumerate(layout.header_rows):
        col = 0
        for cell in cells:
            while (row, col) in taken:
                col += 1
            placed.append((row, col, cell))
            for r in range(row, row + cell.row_span):
                for c in range(col, col + cell.col_span):
                    taken.add((r, c))
            col += cell.col_span
    return placed


def column_item_codes(layout: SummaryLayout, template) -> dict[str, tuple[str, ...]]:
    """Column key -> the template's item codes it reports (KeyError on a stale ref)."""
    codes = {item.code for item in template.items}
    mapping = {}
    for column in layout.columns:
        if column.kind != ITEM:
            continue
        resolved = tuple(f"{template.key}-{ref}" for ref in column.item_refs)
        for code in resolved:
            if code not in codes:
                raise KeyError(code)
        mapping[column.key] = resolved
    return mapping


def count_noncompliant(
    layout: SummaryLayout, template, failed_items_per_unit: Iterable[Iterable[str]]
) -> dict[str, int]:
    """Per item column, the number of inspected units with a 不合格 on any of its items.

    ``failed_items_per_unit`` holds one collection of failed item codes per unit
    (a unit is counted once per column however many of its items failed).
    """
    mapping = column_item_codes(layout, template)
    counts = dict.fromkeys(mapping, 0)
    for failed in failed_items_per_unit:
        failed = set(failed)
        for key, codes in mapping.items():
            if failed.intersection(codes):
                counts[key] += 1
    return counts


@dataclass(frozen=True)
class CategoryFacts:
    """What one object category's results add up to (input of ``summary_rows``)."""

    population: int = 0
    inspected: int = 0
    noncompliant: Mapping[str, int] = field(default_factory=dict)  # item column key -> units
    cases: int = 0
    fines: Decimal = Decimal("0")  # 万元
    licence_revocations: int = 0
    certificate_revocations: int = 0


@dataclass(frozen=True)
class SummaryRow:
    label: str
    keys: tuple[str, ...]
    cells: tuple[int | Decimal, ...]

    def __getitem__(self, key: str) -> int | Decimal:
        return self.cells[self.keys.index(key)]

    def as_dict(self) -> dict[str, int | Decimal]:
        return dict(zip(self.keys, self.cells, strict=True))


def _count(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} must not be negative")
    return value


def _cells(layout: SummaryLayout, label: str, facts: CategoryFacts) -> tuple:
    unknown = set(facts.noncompliant) - set(layout.item_keys)
    if unknown:
        raise ValueError(f"{label}: unknown item columns {sorted(unknown)}")
    population = _count("population", facts.population)
    inspected = _count("inspected", facts.inspected)
    if inspected > population:
        raise ValueError(f"{label}: 检查单位数 exceeds 辖区内单位总数")
    if isinstance(facts.fines, float) or not isinstance(facts.fines, Decimal | int):
        raise TypeError("fines must be a Decimal (万元)")
    fines = Decimal(facts.fines)
    if fines < 0:
        raise ValueError("fines must not be negative")
    values = {
        POPULATION: population,
        INSPECTED: inspected,
        CASES: _count("cases", facts.cases),
        FINES: fines,
        LICENCE_REVOCATIONS: _count("licence_revocations", facts.licence_revocations),
        CERTIFICATE_REVOCATIONS: _count("certificate_revocations", facts.certificate_revocations),
    }
    for kind in (LICENCE_REVOCATIONS, CERTIFICATE_REVOCATIONS):
        if values[kind] > inspected:
            raise ValueError(f"{label}: {kind} exceeds 检查单位数")
    cells = []
    for column in layout.columns:
        if column.kind == ITEM:
            count = _count(column.key, facts.noncompliant.get(column.key, 0))
            if count > inspected:
                raise ValueError(f"{label}: {column.key} exceeds 检查单位数")
            cells.append(count)
        else:
            cells.append(values[column.kind])
    return tuple(cells)


def summary_rows(
    layout: SummaryLayout,
    categories: Sequence[str] | None,
    results: Mapping[str, CategoryFacts],
) -> list[SummaryRow]:
    """R13: one row per object category, in ``categories`` order (default: the
    layout's), then 合计 — the column sums, Decimal-exact for 罚没款金额（万元）.
    A category without results is a row of zeros."""
    categories = tuple(layout.category_rows if categories is None else categories)
    if len(set(categories)) != len(categories) or TOTAL in categories:
        raise ValueError("categories must be distinct and must not include 合计")
    stray = set(results) - set(categories)
    if stray:
        raise ValueError(f"results for categories not in the table: {sorted(stray)}")
    rows = [
        SummaryRow(label, layout.keys, _cells(layout, label, results.get(label, CategoryFacts())))
        for label in categories
    ]
    totals = tuple(
        sum((row.cells[index] for row in rows), Decimal("0") if column.kind == FINES else 0)
        for index, column in enumerate(layout.columns)
    )
    rows.append(SummaryRow(TOTAL, layout.keys, totals))
    return rows
