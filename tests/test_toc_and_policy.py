"""Tables of contents (目录) kept as the outline and aligned with the body, and policy numbering
with commas, colons and ASCII brackets (issue 14, items 1 and 3). Small documents written here."""
from __future__ import annotations

import re
from pathlib import Path

import ingest
from ingest.clean import clean_blocks
from ingest.front import find_front
from ingest.readers import read
from ingest.structure import Parsed, parse_blocks


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _parsed(path: Path) -> Parsed:
    """The structure parser's own result (with the outline) for a file."""
    raw = read(path)
    blocks = clean_blocks(raw.blocks, raw.pages, join_lines=raw.source_format in ("pdf", "txt", "md"))
    front = find_front(blocks, raw.meta_title)
    return parse_blocks(blocks, front, path.stem, front.title or path.stem, "规划")


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


PLAN = """# 某县某镇某村村庄规划（2021—2035年）

# 规划文本

编制单位：某县规划设计研究院

二〇二二年五月

# 目  录

第一章 总则 ........................ 1

第一条 规划背景 .................... 1

第二条 规划原则

第三条 规划范围\t2

第二章 发展定位与目标 …………………… 3

第四条 发展定位 ··············· 3

第五条 人口规模 ............ 4

# **总  则**

## **规划背景**

为落实乡村振兴战略，统筹村庄建设，编制本规划。

## 规划原则

坚持生态优先，严守生态保护红线。

**规划范围**

规划范围为某村行政村域，总面积412.36公顷。

# **发展定位与目标**

## **发展定位**

某村为集聚提升类村庄，定位为生态农旅融合示范村。

## **人口 规模**

预测至2035年户籍人口1580人。
"""


def test_plan_toc_gives_the_unnumbered_body_its_labels(tmp_path):
    path = _write(tmp_path, "plan.md", PLAN)
    doc = ingest.load(path)
    assert [c.label for c in doc.clauses] == ["第一条", "第二条", "第三条", "第四条", "第五条"]
    assert [c.title for c in doc.clauses] == ["规划背景", "规划原则", "规划范围", "发展定位", "人口规模"]
    assert _flat(doc.title) == "某县某镇某村村庄规划（2021—2035年）"
    # the cover's 规划文本 heads no part of the body after the 目录
    assert doc.clauses[2].path == ("第一章 总则",)
    assert doc.clauses[4].path == ("第二章 发展定位与目标",)
    assert "412.36公顷" in doc.clauses[2].text
    assert "1580人" in doc.clauses[4].text
    everything = "\n".join(u.text for u in doc.units())
    for leader in ("........", "……", "···", "目录", "\t"):
        assert leader not in everything
    # the 目录's own lines are in no unit
    assert all(not u.text.startswith("第一章") for u in doc.units())


def test_plan_toc_is_kept_as_the_outline(tmp_path):
    parsed = _parsed(_write(tmp_path, "plan.md", PLAN))
    outline = [(e.level, e.label, e.title, e.printed_page) for e in parsed.outline]
    assert outline == [
        (1, "第一章", "总则", 1), (2, "第一条", "规划背景", 1), (2, "第二条", "规划原则", None),
        (2, "第三条", "规划范围", 2), (1, "第二章", "发展定位与目标", 3), (2, "第四条", "发展定位", 3),
        (2, "第五条", "人口规模", 4)]
    assert parsed.outline[1].display == "第一条 规划背景"
    # the outline points at the 目录 lines of the text
    first = parsed.outline[0]
    assert parsed.text[first.start:first.end].startswith("第一章 总则")


def test_toc_without_a_heading_line_and_a_numbered_body(tmp_path):
    text = """某市农村人居环境整治条例

第一章 总则\t1
第二章 村庄清洁\t3
第三章 附则\t5

第一章 总则

第一条 为了改善农村人居环境，制定本条例。

第二条 本条例适用于本市行政区域内的农村人居环境整治。

第二章 村庄清洁

第三条 村民委员会应当组织村民开展村庄清洁行动。

第三章 附则

第四条 本条例自2024年1月1日起施行。
"""
    path = _write(tmp_path, "条例.txt", text)
    doc = ingest.load(path)
    assert [c.label for c in doc.clauses] == ["第一条", "第二条", "第三条", "第四条"]
    assert doc.clauses[2].path == ("第二章 村庄清洁",)
    assert doc.preamble is None
    assert [e.display for e in _parsed(path).outline] == ["第一章 总则", "第二章 村庄清洁", "第三章 附则"]


def test_three_heading_lines_in_a_row_are_not_a_toc(tmp_path):
    text = """某省土地整治条例

第一编 总则
第一章 一般规定
第一节 适用范围
第一条 为了规范土地整治活动，制定本条例。
第二条 本条例适用于本省行政区域内的土地整治。
第二节 基本原则
第三条 土地整治应当坚持保护优先。
"""
    path = _write(tmp_path, "条例.txt", text)
    doc = ingest.load(path)
    assert [c.label for c in doc.clauses] == ["第一条", "第二条", "第三条"]
    assert doc.clauses[0].path == ("第一编 总则", "第一章 一般规定", "第一节 适用范围")
    assert _parsed(path).outline == []


def test_toc_lines_joined_into_one_paragraph(tmp_path):
    text = """某村村庄规划

目录

第一章 总则……1 第一条 规划目的……1 第二条 规划期限……2

第一章 总则

第一条 规划目的 为指导村庄建设，编制本规划。

第二条 规划期限 规划期限为2021年至2035年。
"""
    path = _write(tmp_path, "plan.txt", text)
    doc = ingest.load(path)
    assert [c.label for c in doc.clauses] == ["第一条", "第二条"]
    assert "……" not in "\n".join(u.text for u in doc.units())
    assert [e.label for e in _parsed(path).outline] == ["第一章", "第一条", "第二条"]


def test_numbered_table_rows_ending_in_figures_are_no_toc_and_nothing_after_them_is_lost(tmp_path):
    """A project table near the start of a short plan (1 | 圩区高标准农田改造 | … | 240) reads like
    a 目录 without its header: numbered lines ending in a number. Taken for one, its rows and
    every line after them vanished from the units."""
    text = """某县某镇岭下村村庄规划（2021—2035年）

第一章 总则

第一条 规划范围
规划范围为岭下村行政村域。

第二章 近期建设

第二条 近期建设项目
序号 | 项目名称 | 建设地点 | 建设规模 | 实施年度 | 投资（万元）
1 | 圩区高标准农田改造 | 北圩 | 改造农田40公顷 | 2024年度 | 240
2 | 村集体标准厂房 | 工业集中点 | 新建厂房1800平方米 | 2024年度 | 270
注：以上项目资金来源均为县级财政衔接资金和村集体自筹。
"""
    path = _write(tmp_path, "plan.txt", text)
    doc = ingest.load(path)
    assert [c.label for c in doc.clauses] == ["第一条", "第二条"]
    assert "2 | 村集体标准厂房" in doc.clauses[1].text and doc.clauses[1].text.endswith("村集体自筹。")
    assert _parsed(path).outline == []


def test_policy_toc_with_items_never_makes_units(tmp_path):
    text = """某县关于推进乡村建设的实施方案

目录
一、总体要求
（一）指导思想
（二）工作目标
二、重点任务

一、总体要求
（一）指导思想。坚持以人民为中心，统筹发展和安全。
（二）工作目标。到2025年，村庄规划应编尽编。
二、重点任务
强化村庄规划引领，加强农房建设管理。
"""
    path = _write(tmp_path, "方案.txt", text)
    doc = ingest.load(path)
    assert [c.label for c in doc.clauses] == ["（一）", "（二）", "二、"]
    assert doc.clauses[0].path == ("一、总体要求",)
    assert [e.level for e in _parsed(path).outline] == [1, 2, 2, 1]


POLICY = """关于进一步加强农村宅基地管理的若干措施

为规范村民建房行为，制定以下措施。

一、坚持规划引领管控，落实村民户有所居
(一)加快村庄规划编制。各县(市、区)要合理确定村庄布局分类。
(二)保障分户建房需求。对符合分户条件的村民，可以通过以下方式保障：
1.在村庄建设边界内安排新的宅基地；
2.鼓励利用村内闲置宅基地。
二、规范建房行为：强化风貌引导
（一）加强风貌管控。新建住宅层数原则上不超过3层。
(二)依法查处违法建设。对非法占用土地建住宅的，责令退还。
三、加强宣传引导
各地要广泛宣传宅基地管理法律法规和政策措施。
"""


def test_policy_headings_with_commas_colons_and_ascii_brackets(tmp_path):
    doc = ingest.load(_write(tmp_path, "措施.txt", POLICY))
    assert [c.label for c in doc.clauses] == ["（一）", "（二）", "（一）", "（二）", "三、"]
    assert doc.clauses[0].path == ("一、坚持规划引领管控，落实村民户有所居",)
    assert doc.clauses[2].path == ("二、规范建房行为：强化风貌引导",)
    assert doc.clauses[0].title == "加快村庄规划编制"
    # 1./2. are points inside their item, not units
    assert "2.鼓励利用村内闲置宅基地" in doc.clauses[1].text
    # a part with text and no items is a unit of its own, with no path
    assert doc.clauses[4].path == () and "广泛宣传" in doc.clauses[4].text
    assert doc.preamble is not None and doc.preamble.text.startswith("为规范村民建房行为")
    for c in doc.clauses:
        assert "坚持规划引领管控" not in c.text


def test_deepest_numbered_level_with_text_is_the_unit(tmp_path):
    text = """某省地质灾害防治行动方案

为减轻地质灾害风险，制定本方案。

一、总体要求
（一）指导思想。以人民为中心，统筹发展和安全。
（二）基本原则
1. 人民至上，生命至上。把保护人民生命安全摆在首位，全力减少人员伤亡。
2. 预防为主，风险管控。将防灾工作重心前移，从注重灾后救助向注重灾前预防转变。
二、重点任务
（一）实施地质灾害隐患调查工程。
3. 开展综合遥感识别。充分利用星载、航空和地面观测手段，及时发现新增风险隐患。
4. 推进隐患动态排查。每年汛前、汛中、汛后开展排查，纳入风险隐患一张图。
三、审批流程
乡村民宿准入采取联合审核的方式。
（一）提交申请。由经营主体提出申请。
（二）乡镇审核。乡镇政府组织实地踏勘。
"""
    doc = ingest.load(_write(tmp_path, "方案.txt", text))
    assert [c.label for c in doc.clauses] == ["（一）", "1.", "2.", "3.", "4.", "三、", "（一）", "（二）"]
    assert doc.clauses[1].path == ("一、总体要求", "（二）基本原则")
    # a heading's closing full stop is typography, not part of the path
    assert doc.clauses[3].path == ("二、重点任务", "（一）实施地质灾害隐患调查工程")
    # 三、's own opening paragraph is its unit; its items sit under it
    assert doc.clauses[5].text.endswith("乡村民宿准入采取联合审核的方式。")
    assert doc.clauses[6].path == ("三、审批流程",)


def test_unnumbered_sub_headings_stay_in_their_numbered_unit(tmp_path):
    text = """# 某省乡村振兴规划

## 一、总体要求

坚持农业农村优先发展。

### 工作原则

坚持因地制宜、分类施策。

## 二、优化城乡布局，分类推进

### （一）统筹城乡发展布局

严守耕地和永久基本农田。
"""
    doc = ingest.load(_write(tmp_path, "规划.md", text))
    assert [c.label for c in doc.clauses] == ["一、", "（一）"]
    assert "坚持因地制宜、分类施策" in doc.clauses[0].text
    assert doc.clauses[1].path == ("二、优化城乡布局，分类推进",)


def test_attachments_are_units_of_their_own(tmp_path):
    text = """某镇典型村培育实施方案

一、工作目标
到2024年底基本建成典型村。
二、保障措施
强化组织领导，形成工作合力。

附件：1.拟建设项目表
2.任务分工表

某镇人民政府
2024年4月12日

附件1：
拟建设项目表
序号 | 项目名称 | 投资（万元）
1 | 巷道硬底化 | 20

附件2：
任务分工表
分类 | 牵头单位
和美乡业 | 乡村振兴办
"""
    doc = ingest.load(_write(tmp_path, "方案.txt", text))
    assert [c.label for c in doc.clauses] == ["一、", "二、", "附件1", "附件2"]
    assert "巷道硬底化" in doc.clauses[2].text and doc.clauses[2].title == "拟建设项目表"
    assert "序号" not in doc.clauses[1].text
    assert doc.clauses[3].path == ()


def test_promulgation_order_above_a_law_is_front_matter(tmp_path):
    text = """中华人民共和国主席令
第五十九号
《全国人民代表大会常务委员会关于修改〈中华人民共和国某某法〉的决定》已由全国人民代表大会常务委员会通过，现予公布，自2026年1月1日起施行。
中华人民共和国主席 习近平
2025年10月28日
中华人民共和国某某法
第一章 总则
第一条 为了规范某某活动，制定本法。
第二条 本法自公布之日起施行。
"""
    doc = ingest.load(_write(tmp_path, "某某法.txt", text))
    assert doc.title == "中华人民共和国某某法"
    assert [c.label for c in doc.clauses] == ["第一条", "第二条"]
    assert all("习近平" not in u.text for u in doc.units())


def test_a_background_page_before_the_document_proper(tmp_path):
    text = """某村简介
一、基本情况
某村位于某街道北部，村域面积9平方公里，共有11个自然村，623户2823人。
二、产业情况
某村是优质荔枝、龙眼等水果出口种植基地，全村种植荔枝九百多亩。
某村典型村
培育实施方案
根据市、县工作部署，结合本村实际，特制定本方案。
一、工作目标
到2024年底基本建成典型村。
二、组织架构
成立典型村培育工作领导小组。
"""
    doc = ingest.load(_write(tmp_path, "方案.txt", text))
    assert doc.title == "某村典型村培育实施方案"
    units = [u for u in doc.units() if u.label != "前言"]
    assert [u.label for u in units] == ["一、", "二、", "一、", "二、"]
    assert units[0].path == ("某村简介",)
    assert units[2].path == ()
    assert "培育实施方案" not in units[1].text and "特制定本方案" not in units[1].text
    assert any("特制定本方案" in u.text for u in doc.units())


def test_a_whole_plan_title_is_not_continued_by_its_part_name(tmp_path):
    text = """# 某村村庄规划（2021—2035年）

# 规划文本

## 第一条 规划目的

为指导村庄建设，编制本规划。

## 第二条 规划期限

规划期限为2021年至2035年。
"""
    doc = ingest.load(_write(tmp_path, "plan.md", text))
    assert _flat(doc.title) == "某村村庄规划（2021—2035年）"
    assert [c.label for c in doc.clauses] == ["第一条", "第二条"]


def test_toc_without_a_heading_line_over_an_unnumbered_body(tmp_path):
    text = """# 某村村庄规划

第一章 总则

第一条 规划背景

第二条 规划原则

第二章 规划目标

第三条 发展定位

# 总 则

## 规划背景

为落实乡村振兴战略，编制本规划。

## 规划原则

坚持生态优先。

# 规划目标

## 发展定位

某村为集聚提升类村庄。
"""
    doc = ingest.load(_write(tmp_path, "plan.md", text))
    assert [(c.label, c.title) for c in doc.clauses] == [
        ("第一条", "规划背景"), ("第二条", "规划原则"), ("第三条", "发展定位")]
    assert doc.clauses[2].path == ("第二章 规划目标",)
    assert doc.preamble is None


def test_toc_opening_with_an_entry_the_body_does_not_print(tmp_path):
    text = """某市村庄规划管理办法
目录
前言……1
第一章 总则……2
第二章 规划编制……3
第一章 总则
第一条 为了规范村庄规划管理，制定本办法。
第二章 规划编制
第二条 村庄规划由乡镇人民政府组织编制。
"""
    path = _write(tmp_path, "办法.txt", text)
    doc = ingest.load(path)
    assert [c.label for c in doc.clauses] == ["第一条", "第二条"]
    assert doc.clauses[0].path == ("第一章 总则",)
    assert [e.title for e in _parsed(path).outline] == ["前言", "总则", "规划编制"]


def test_a_toc_numbering_chapters_in_figures_ends_where_the_body_prints_them_in_words(tmp_path):
    text = """某村村庄规划（2021—2035年）

目  录

第1章 总则 1
第2章 发展目标 3
附图 规划图集 15

第一章 总则

第一条 规划范围

本规划范围为某村行政村村域，规划期限为2021—2035年。

第二章 发展目标

第二条 发展目标

发展特色产业，改善人居环境
"""
    doc = ingest.load(_write(tmp_path, "规划.txt", text))
    assert [c.label for c in doc.clauses] == ["第一条", "第二条"]
    assert doc.clauses[1].path == ("第二章 发展目标",)
    assert "发展特色产业" in doc.clauses[1].text
