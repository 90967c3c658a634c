"""R13: the summary tables of 000 (附件2) and 003 (附表2) — headings word for word and
in the seeds' order, a golden table computed by hand, and the merged XLSX headings."""

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from disclosure.inspections import plan_templates as pt
from disclosure.inspections import summary as sm
from disclosure.inspections.summary import CategoryFacts, HeaderCell
from disclosure.inspections.summary_xlsx import write_xlsx

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"
SEED_FILES = {"2023MCH-附件2": "000_*.txt", "2025ART-附表2": "003_*.txt"}
D = Decimal


def squeeze(text):
    return re.sub(r"\s+", "", text)


def seed_text(layout):
    (path,) = SEEDS.glob(SEED_FILES[layout.key])
    return squeeze(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("layout", sm.LAYOUTS, ids=lambda layout: layout.key)
def test_headings_word_for_word_and_in_the_seeds_order(layout):
    seed = seed_text(layout)
    position = seed.index(squeeze(layout.title), seed.rindex(squeeze(layout.annex)))
    # Reading the seed's table row by row gives the header cells in grid order.
    for _row, _col, cell in sm.header_cells(layout):
        found = seed.find(squeeze(cell.text), position)
        assert found >= position, cell.text
        position = found
    # 000 shows its 单位类别 rows and 合计 after the headings. 003's table stops after
    # them; its one row is 附表1's object category.
    for label in layout.category_rows:
        assert squeeze(label) in seed
    if layout is sm.MCH_2023_SUMMARY:
        assert seed.endswith("".join(
            squeeze(label) for label in (*layout.category_rows, sm.TOTAL)
        )), "the 000 table's rows"


def test_000_heading_rows():
    layout = sm.MCH_2023_SUMMARY
    top, groups, items = layout.header_rows
    assert top == (
        HeaderCell("单位类别", 3, 1),
        HeaderCell("辖区内单位总数", 3, 1),
        HeaderCell("检查单位数", 3, 1),
        HeaderCell("不合格情况", 1, 20),
        HeaderCell("行政处罚情况", 1, 4),
    )
    assert groups == (
        HeaderCell("机构及人员资质情况", 1, 2),
        HeaderCell("法律法规执行情况", 1, 12),
        HeaderCell("制度建立情况", 1, 6),
        HeaderCell("查处案件数", 2, 1),
        HeaderCell("罚没款金额（万元）", 2, 1),
        HeaderCell("吊销执业机构许可证单位数", 2, 1),
        HeaderCell("吊销人员资格证单位数", 2, 1),
    )
    assert len(items) == 20 and all(c.row_span == c.col_span == 1 for c in items)
    assert items[0].text == "机构执业资质管理不符合要求单位数"
    assert items[12].text == "开展产前诊断、人类辅助生殖技术等服务是否符合相关要求"
    assert items[-1].text == "不具有保证技术服务安全和服务质量的其他管理制度单位数"
    assert layout.width == 27  # as the seed's data rows: a label and 26 cells
    assert layout.category_rows == ("妇幼保健机构", "其他医疗、保健机构")


def test_003_heading_rows():
    layout = sm.ART_2025_SUMMARY
    top, groups, items = layout.header_rows
    assert top[3:] == (HeaderCell("不合格情况", 1, 14), HeaderCell("行政处罚情况", 1, 4))
    assert [(c.text, c.col_span) for c in groups[:3]] == [
        ("机构及人员资质情况", 2), ("制度建立情况", 3), ("法律法规执行情况", 9),
    ]
    assert [c.row_span for c in groups[3:]] == [2, 2, 2, 2]
    assert len(items) == 14
    assert items[-1].text == (
        "相关机构生殖医学伦理委员会未按要求对辅助生殖技术开展的全过程和研究活动进行审查和监督单位数"
    )
    assert layout.width == 21


@pytest.mark.parametrize("layout", sm.LAYOUTS, ids=lambda layout: layout.key)
def test_the_headings_tile_the_header_block(layout):
    covered = []
    for row, col, cell in sm.header_cells(layout):
        covered += [
            (r, c) for r in range(row, row + cell.row_span) for c in range(col, col + cell.col_span)
        ]
    assert sorted(covered) == [
        (r, c) for r in range(len(layout.header_rows)) for c in range(layout.width)
    ]
    keys = layout.keys
    assert len(keys) == len(set(keys))
    assert keys[:2] == ("population", "inspected")
    assert keys[-4:] == ("cases", "fines", "licence_revocations", "certificate_revocations")
    # The bottom heading of each value column is the column's own heading.
    bottom = {col: cell.text for row, col, cell in sm.header_cells(layout)
              if row + cell.row_span == len(layout.header_rows)}
    assert [bottom[i + 1] for i in range(len(layout.columns))] == [
        c.heading for c in layout.columns
    ]


def test_columns_map_onto_the_templates_items():
    mch = sm.column_item_codes(sm.MCH_2023_SUMMARY, pt.MCH_2023)
    assert sm.column_item_codes(sm.MCH_2023_SUMMARY, pt.MCH_2024_COUNTY) == {
        key: tuple(code.replace("2023MCH", "2024MCH") for code in codes)
        for key, codes in mch.items()
    }
    mapped = {code for codes in mch.values() for code in codes}
    unmapped = {item.code for item in pt.MCH_2023.items} - mapped
    assert unmapped == {"2023MCH-2-5", "2023MCH-3-6", "2023MCH-4-1", "2023MCH-4-2"}
    art = sm.column_item_codes(sm.ART_2025_SUMMARY, pt.ART_2025)
    assert {code for codes in art.values() for code in codes} == {
        item.code for item in pt.ART_2025.items
    }
    with pytest.raises(KeyError):
        sm.column_item_codes(sm.ART_2025_SUMMARY, pt.MCH_2023)


def test_count_noncompliant_counts_units_once_per_column():
    counts = sm.count_noncompliant(sm.ART_2025_SUMMARY, pt.ART_2025, [
        {"2025ART-3-7", "2025ART-3-8"},  # both feed nc12: one unit
        ["2025ART-1-1", "2025ART-1-2"],
        ("2025ART-1-3",),
        set(),
    ])
    assert counts == {**dict.fromkeys(sm.ART_2025_SUMMARY.item_keys, 0),
                      "nc01": 2, "nc02": 1, "nc12": 1}


GOLDEN_FACTS = {
    "妇幼保健机构": CategoryFacts(
        population=14, inspected=7, noncompliant={"nc01": 1, "nc06": 2, "nc10": 3, "nc15": 1},
        cases=2, fines=D("0.5"), licence_revocations=0, certificate_revocations=1,
    ),
    "其他医疗、保健机构": CategoryFacts(
        population=31, inspected=16,
        noncompliant={"nc02": 2, "nc06": 1, "nc10": 4, "nc14": 1, "nc20": 2},
        cases=5, fines=D("3.25"), licence_revocations=1, certificate_revocations=0,
    ),
}

# Computed by hand. Columns: 辖区内单位总数, 检查单位数, 20 item columns (nc01–nc20),
# 查处案件数, 罚没款金额（万元）, 吊销执业机构许可证单位数, 吊销人员资格证单位数.
GOLDEN_000 = [
    ("妇幼保健机构",
     [14, 7, 1, 0, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, D("0.5"), 0, 1]),
    ("其他医疗、保健机构",
     [31, 16, 0, 2, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 5, D("3.25"), 1, 0]),
    ("合计",
     [45, 23, 1, 2, 0, 0, 0, 3, 0, 0, 0, 7, 0, 0, 0, 1, 1, 0, 0, 0, 0, 2, 7, D("3.75"), 1, 1]),
]


def test_golden_000_table_every_cell():
    rows = sm.summary_rows(sm.MCH_2023_SUMMARY, None, GOLDEN_FACTS)
    assert [(row.label, list(row.cells)) for row in rows] == GOLDEN_000
    assert all(isinstance(row["fines"], Decimal) for row in rows)
    assert rows[-1]["nc10"] == 7 and rows[-1].as_dict()["population"] == 45


def test_golden_003_table_with_own_categories_and_an_empty_row():
    categories = ["人类辅助生殖技术服务机构", "人类精子库"]
    rows = sm.summary_rows(sm.ART_2025_SUMMARY, categories, {
        "人类精子库": CategoryFacts(
            population=2, inspected=2, noncompliant={"nc09": 1, "nc14": 2},
            cases=1, fines=D("0.1"), certificate_revocations=1,
        ),
        "人类辅助生殖技术服务机构": CategoryFacts(
            population=9, inspected=9, noncompliant={"nc01": 1, "nc09": 2, "nc12": 3},
            cases=3, fines=D("0.2"), licence_revocations=1,
        ),
    })
    assert [(row.label, list(row.cells)) for row in rows] == [
        ("人类辅助生殖技术服务机构",
         [9, 9, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 3, 0, 0, 3, D("0.2"), 1, 0]),
        ("人类精子库",
         [2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 1, D("0.1"), 0, 1]),
        ("合计",
         [11, 11, 1, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 3, 0, 2, 4, D("0.3"), 1, 1]),
    ]
    assert rows[-1]["fines"] == D("0.3")  # exact: no binary floating point


def test_a_category_without_results_is_zero():
    rows = sm.summary_rows(sm.ART_2025_SUMMARY, None, {})
    assert [row.label for row in rows] == ["辅助生殖技术服务机构、人类精子库", "合计"]
    assert rows[0].cells == rows[1].cells
    assert set(rows[1].cells) == {0} and rows[1]["fines"] == D("0")


@pytest.mark.parametrize("facts,error", [
    (CategoryFacts(population=1, inspected=2), ValueError),
    (CategoryFacts(population=3, inspected=2, noncompliant={"nc01": 3}), ValueError),
    (CategoryFacts(population=3, inspected=2, noncompliant={"nc99": 1}), ValueError),
    (CategoryFacts(population=3, inspected=2, licence_revocations=3), ValueError),
    (CategoryFacts(population=3, inspected=2, fines=0.5), TypeError),
    (CategoryFacts(population=3, inspected=2, fines=D("-1")), ValueError),
    (CategoryFacts(population=-1), ValueError),
    (CategoryFacts(population=2.0), TypeError),
])
def test_impossible_facts_are_refused(facts, error):
    with pytest.raises(error):
        sm.summary_rows(sm.ART_2025_SUMMARY, None, {"辅助生殖技术服务机构、人类精子库": facts})


def test_results_outside_the_table_or_a_second_total_are_refused():
    with pytest.raises(ValueError):
        sm.summary_rows(sm.ART_2025_SUMMARY, None, {"人类精子库": CategoryFacts()})
    with pytest.raises(ValueError):
        sm.summary_rows(sm.ART_2025_SUMMARY, ["合计"], {})
    with pytest.raises(ValueError):
        sm.summary_rows(sm.ART_2025_SUMMARY, ["甲", "甲"], {})


def open_sheet(data):
    return load_workbook(io.BytesIO(data)).active


def test_000_xlsx_merges_the_headings_as_the_seed():
    layout = sm.MCH_2023_SUMMARY
    rows = sm.summary_rows(layout, None, GOLDEN_FACTS)
    title = "2023年母婴保健技术服务机构国家随机监督抽查汇总表"
    sheet = open_sheet(write_xlsx(layout, rows, title))
    assert sheet.title == "附件2"
    assert {str(r) for r in sheet.merged_cells.ranges} == {
        "A2:AA2",  # title
        "A3:A5", "B3:B5", "C3:C5", "D3:W3", "X3:AA3",
        "D4:E4", "F4:Q4", "R4:W4", "X4:X5", "Y4:Y5", "Z4:Z5", "AA4:AA5",
    }
    assert sheet["A1"].value == "附件2"
    assert sheet["A2"].value == "2023年母婴保健技术服务机构国家随机监督抽查汇总表"
    assert [sheet[ref].value for ref in ("A3", "B3", "C3", "D3", "X3")] == [
        "单位类别", "辖区内单位总数", "检查单位数", "不合格情况", "行政处罚情况",
    ]
    assert [sheet[ref].value for ref in ("D4", "F4", "R4", "X4", "Y4", "Z4", "AA4")] == [
        "机构及人员资质情况", "法律法规执行情况", "制度建立情况", "查处案件数",
        "罚没款金额（万元）", "吊销执业机构许可证单位数", "吊销人员资格证单位数",
    ]
    assert [cell.value for cell in sheet[5][3:23]] == [
        c.heading for c in layout.columns if c.kind == sm.ITEM
    ]
    for offset, (label, cells) in enumerate(GOLDEN_000):
        values = [cell.value for cell in sheet[6 + offset]]
        assert values[0] == label
        assert values[1:] == [pytest.approx(float(v)) for v in cells]
    assert sheet.max_row == 8 and sheet.max_column == 27


def test_003_xlsx_merges_the_headings_as_the_seed():
    layout = sm.ART_2025_SUMMARY
    data = write_xlsx(layout, sm.summary_rows(layout, None, {}))
    sheet = open_sheet(data)
    assert {str(r) for r in sheet.merged_cells.ranges} == {
        "A2:U2",
        "A3:A5", "B3:B5", "C3:C5", "D3:Q3", "R3:U3",
        "D4:E4", "F4:H4", "I4:Q4", "R4:R5", "S4:S5", "T4:T5", "U4:U5",
    }
    assert sheet["A2"].value == layout.title
    assert [sheet[ref].value for ref in ("D4", "F4", "I4")] == [
        "机构及人员资质情况", "制度建立情况", "法律法规执行情况",
    ]
    assert sheet["Q5"].value == layout.columns[-5].heading
    assert [sheet.cell(row=r, column=1).value for r in (6, 7)] == [
        "辅助生殖技术服务机构、人类精子库", "合计",
    ]


def test_rows_of_another_layout_are_refused():
    rows = sm.summary_rows(sm.ART_2025_SUMMARY, None, {})
    with pytest.raises(ValueError):
        write_xlsx(sm.MCH_2023_SUMMARY, rows, "x")
