"""Procedure as numbers (issue 15 item 5): the 村民会议 / 村民代表会议 record and the 公示 read from
real plan files (MD, TXT, DOCX) and checked against 村民委员会组织法 第二十二、二十五、二十六条 and
城乡规划法 第二十二、二十六条; what cannot be read is unverifiable, never passed."""
from __future__ import annotations

from pathlib import Path

import pytest

from gapcheck.procedure import check_procedure, cn_int
from ingest import load

HEAD = "# 某某县某某镇青山村村庄规划（2021—2035年）\n\n## 第一章 总则\n\n### 第一条 规划范围\n\n规划范围为青山村行政村域。\n\n"


def _md(tmp_path: Path, body: str, name: str = "plan.md") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def _txt(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "plan.txt"
    path.write_text("某某县某某镇青山村村庄规划（2021—2035年）\n\n第一章 总则\n\n第一条 规划范围\n规划范围为青山村行政村域。\n\n"
                    + body, encoding="utf-8")
    return path


ANNEX_OK = """## 附件

### 附件1 村民代表会议决议

会议时间：2022年10月15日

会议议题：审议《青山村村庄规划（2021—2035年）》

应到村民代表：45人

实到村民代表：38人

表决结果：同意36票，反对1票，弃权1票

### 附件2 规划公示情况

规划草案于2022年9月1日至2022年9月30日在村委会公示栏、村口和镇政府网站公示，公示期间收到意见3条。
"""


def test_representatives_meeting_and_publicity_as_an_annex_list(tmp_path):
    result = check_procedure(load(_md(tmp_path, ANNEX_OK))).to_dict()
    m, p = result["meeting"], result["publicity"]
    assert (m["status"], m["kind"], m["date"], m["total"], m["attended"], m["for"]) == \
        ("ok", "村民代表会议", "2022-10-15", 45, 38, 36)
    assert "实到村民代表：38人" in m["evidence"] and "附件2" not in m["evidence"]
    assert [b["label"] for b in m["basis"]] == ["第二十五条", "第二十六条", "第二十二条"]
    assert (p["status"], p["start"], p["end"], p["days"]) == ("ok", "2022-09-01", "2022-09-30", 30)
    assert "2022年9月1日至2022年9月30日" in p["evidence"]
    assert "起止日均计入" in p["detail"] and "二十九日" in p["detail"], "30 days exactly: the other convention is named"
    assert p["basis"][0]["label"] == "第二十六条"


def test_two_thirds_of_representatives_is_a_quorum_and_one_less_is_not(tmp_path):
    exact = ANNEX_OK.replace("实到村民代表：38人", "实到村民代表：30人").replace("同意36票", "同意16票")
    assert check_procedure(load(_md(tmp_path, exact))).meeting.status == "ok", "以上 includes the number itself"
    short = ANNEX_OK.replace("实到村民代表：38人", "实到村民代表：29人").replace("同意36票", "同意29票")
    m = check_procedure(load(_md(tmp_path, short, "short.md"))).meeting
    assert (m.status, m.total, m.attended) == ("no_quorum", 45, 29)
    assert "三分之二" in m.detail


def test_half_of_attendees_is_not_a_majority(tmp_path):
    half = ANNEX_OK.replace("同意36票，反对1票，弃权1票", "同意19票，反对15票，弃权4票")
    m = check_procedure(load(_md(tmp_path, half))).meeting
    assert (m.status, m.attended, m.votes_for) == ("no_majority", 38, 19)


def test_villagers_meeting_in_prose_counts_adults(tmp_path):
    body = ("第二章 村民参与\n\n第二条 村民会议\n2022年11月20日，青山村召开村民会议审议本规划，全村十八周岁以上村民1120人，"
            "到会村民536人，会议以同意501人、反对20人、弃权15人通过本规划。\n\n"
            "第三条 规划公示\n规划草案在村内公示，公示时间为2022年10月10日至11月8日。\n")
    proc = check_procedure(load(_txt(tmp_path, body)))
    m, p = proc.meeting, proc.publicity
    assert (m.kind, m.total, m.attended, m.votes_for, m.date) == ("村民会议", 1120, 536, 501, "2022-11-20")
    assert m.status == "no_quorum", "536 of 1120 adults is not more than half"
    assert [b.label for b in m.basis] == ["第二十二条", "第二十四条", "第二十二条"]
    assert (p.status, p.start, p.end, p.days) == ("ok", "2022-10-10", "2022-11-08", 30)


def test_villagers_meeting_of_household_representatives_needs_two_thirds_of_households(tmp_path):
    body = ("第二章 村民参与\n\n第二条 村民会议\n2023年3月5日召开村民会议（户代表会议）讨论规划方案，全村共392户，"
            "到会户代表{n}户，同意{v}票。\n")
    ok = check_procedure(load(_txt(tmp_path, body.format(n=262, v=200)))).meeting
    assert (ok.status, ok.households, ok.total, ok.attended) == ("ok", True, 392, 262)
    (tmp_path / "plan.txt").unlink()
    short = check_procedure(load(_txt(tmp_path, body.format(n=261, v=200)))).meeting
    assert short.status == "no_quorum"


def test_chinese_numerals():
    assert [cn_int(x) for x in ("45", "四十五", "十五", "一百二十三", "三十", "二〇二二", "两百")] == \
        [45, 45, 15, 123, 30, 2022, 200]
    assert cn_int("若干") is None


def test_record_in_chinese_numerals_and_dates(tmp_path):
    body = ("## 附件 村民代表会议纪要\n\n二〇二二年十月十五日召开村民代表会议，审议村庄规划草案。应到代表四十五人，实到三十二人，"
            "同意三十人。\n\n规划公示：规划草案公示期为二十日。\n")
    proc = check_procedure(load(_md(tmp_path, body)))
    assert (proc.meeting.status, proc.meeting.date, proc.meeting.total, proc.meeting.attended,
            proc.meeting.votes_for) == ("ok", "2022-10-15", 45, 32, 30)
    assert (proc.publicity.status, proc.publicity.days, proc.publicity.start) == ("too_short", 20, None)


def test_meeting_and_publicity_as_a_docx_table(tmp_path):
    from docx import Document as Docx

    d = Docx()
    d.add_heading("某某县某某镇青山村村庄规划（2021—2035年）", 0)
    d.add_heading("第一章 总则", 1)
    d.add_paragraph("规划范围为青山村行政村域，规划期限为2021年至2035年。")
    d.add_heading("附件 村民参与情况", 1)
    d.add_paragraph("规划编制过程中召开的会议如下表。")
    table = d.add_table(rows=3, cols=6)
    for row, values in zip(table.rows, (
            ("会议名称", "召开时间", "应到人数", "实到人数", "同意", "反对"),
            ("村民代表会议（征求意见）", "2022年6月2日", "40", "31", "28", "3"),
            ("村民代表会议（审议规划）", "2022年10月15日", "40", "28", "13", "10"))):
        for cell, value in zip(row.cells, values):
            cell.text = value
    d.add_paragraph("规划草案于2022年8月1日至8月15日在村务公开栏公示，公示15天。")
    path = tmp_path / "plan.docx"
    d.save(str(path))
    proc = check_procedure(load(path))
    m = proc.meeting
    assert (m.kind, m.total, m.attended, m.votes_for, m.date) == ("村民代表会议", 40, 28, 13, "2022-10-15")
    assert m.status == "no_majority", "the later meeting that adopted the plan: 13 of 28 present"
    assert (proc.publicity.status, proc.publicity.days) == ("too_short", 15)


def test_mentions_without_numbers_are_unverifiable_never_passed(tmp_path):
    body = ("### 第二条 规划原则\n\n坚持村民主体，规划成果经村民代表会议讨论通过。\n\n"
            "### 第三条 实施保障\n\n规划批准后30日内在村务公开栏公布。规划草案已在村内进行公示。\n")
    proc = check_procedure(load(_md(tmp_path, body)))
    assert proc.meeting.status == "unverifiable" and proc.meeting.kind == "村民代表会议"
    assert "应到人数" in proc.meeting.detail and "无法核实" in proc.meeting.detail
    assert proc.publicity.status == "unverifiable" and proc.publicity.days is None, "30日内 after approval is no 公示 length"


def test_no_record_at_all(tmp_path):
    proc = check_procedure(load(_md(tmp_path, "### 第二条 规划期限\n\n规划期限为2021年至2035年。\n")))
    assert proc.to_dict()["meeting"]["status"] == "unverifiable"
    assert proc.to_dict()["publicity"]["status"] == "unverifiable"
    assert proc.meeting.evidence == "" and proc.publicity.evidence == ""


def test_homestead_application_publicity_is_not_the_plans(tmp_path):
    body = ("### 第二条 宅基地管理\n\n宅基地申请经村民小组讨论后在本组公示，公示期不少于5个工作日。\n\n"
            "### 第三条 规划公示\n\n本规划草案公示时间为2023年12月20日至2024年1月18日。\n")
    p = check_procedure(load(_md(tmp_path, body))).publicity
    assert (p.status, p.start, p.end, p.days) == ("ok", "2023-12-20", "2024-01-18", 30)


@pytest.mark.parametrize("sentence, status, days", [
    ("规划草案在村委会公示栏公示30天。", "ok", 30),
    ("规划草案公示期为三十日，公示期间未收到异议。", "ok", 30),
    ("规划草案于12月20日至1月10日公示（2022年）。", "unverifiable", None),
    ("规划草案于2022年12月20日至1月10日公示。", "too_short", 22),
    ("规划草案进行了为期25天的公示。", "too_short", 25),
    ("规划草案应当在村内公示，公示时间不少于30日，并经村民会议讨论同意后报批。", "unverifiable", None),   # a rule
    ("规划草案自2023年4月10日起在村委会公示栏公示30日，公示期间收到意见12条。", "ok", 30),
])
def test_publicity_length_forms(tmp_path, sentence, status, days):
    p = check_procedure(load(_md(tmp_path, f"### 第二条 规划公示\n\n{sentence}\n"))).publicity
    assert (p.status, p.days) == (status, days)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The bundled corpus's shipped index, read where it lies."""
    from gapcheck.catalogue import bundled_index
    from ingest.settings import Settings

    return bundled_index(Settings.from_env(home=tmp_path_factory.mktemp("kb")))


def test_basis_quoted_from_the_knowledge_base(tmp_path, shipped):
    proc = check_procedure(load(_md(tmp_path, ANNEX_OK)), shipped)
    texts = {b.label: b.text for b in proc.meeting.basis if b.doc == "村民委员会组织法"}
    assert "三分之二以上的组成人员参加" in texts["第二十六条"]
    assert "公告的时间不得少于三十日" in proc.publicity.basis[0].text
    assert proc.publicity.basis[0].title == "中华人民共和国城乡规划法"


def test_meeting_table_under_its_caption_and_other_wordings(tmp_path):
    body = ("## 附件 村民代表会议表决情况\n\n表1 村民代表会议表决情况（审议村庄规划草案）\n\n"
            "| 召开时间 | 应到人数 | 实到人数 | 赞成票 | 反对票 | 弃权票 |\n|---|---|---|---|---|---|\n"
            "| 2023年4月12日 | 52 | 40 | 37 | 2 | 1 |\n")
    m = check_procedure(load(_md(tmp_path, body))).meeting
    assert (m.status, m.kind, m.date, m.total, m.attended, m.votes_for) == \
        ("ok", "村民代表会议", "2023-04-12", 52, 40, 37)
    prose = ("### 第二条 村民参与\n\n2023年4月12日召开村民代表会议审议规划草案，应出席代表45名，实际出席30名，"
             "同意29名，不同意1名。\n")
    m = check_procedure(load(_md(tmp_path, prose, "prose.md"))).meeting
    assert (m.status, m.total, m.attended, m.votes_for) == ("ok", 45, 30, 29)
    adults = "### 第二条 村民参与\n\n村民会议审议通过本规划：全村18周岁以上村民1,206人，到会604人，一致同意。\n"
    m = check_procedure(load(_md(tmp_path, adults, "adults.md"))).meeting
    assert (m.status, m.total, m.attended, m.votes_for) == ("ok", 1206, 604, 604)


def test_a_meeting_table_with_thousands_separators(tmp_path):
    """本村十八周岁以上村民 1,126 | 到会 702 | 同意 655: a villagers' meeting read from its table."""
    body = ("## 附件1 村民会议决议\n\n2023年6月20日，召开村民会议，审议本村村庄规划（草案）。表决情况如下：\n\n"
            "| 会议 | 召开时间 | 本村十八周岁以上村民（人） | 到会人数（人） | 同意 | 反对 | 弃权 |\n"
            "|---|---|---|---|---|---|---|\n| 村民会议 | 2023年6月20日 | 1,126 | 702 | 655 | 12 | 35 |\n\n"
            "会议讨论同意本规划草案。\n")
    m = check_procedure(load(_md(tmp_path, body))).meeting
    assert (m.status, m.total, m.attended, m.votes_for) == ("ok", 1126, 702, 655)


def test_a_record_as_a_docx_table_of_labels_and_values(tmp_path):
    """会议时间 | …; 应到人数 | 33（村民委员会成员5人、村民代表28人）; 实到人数 | 21: a two-column record
    read as one, the bracketed make-up no count of its own."""
    from docx import Document as Docx

    d = Docx()
    d.add_heading("某某县某某镇梨园村村庄规划（2021—2035年）", 0)
    d.add_paragraph("规划范围为梨园村行政村域，规划期限为2021年至2035年。")
    d.add_heading("附件1 村民代表会议记录", 1)
    table = d.add_table(rows=7, cols=2)
    for row, values in zip(table.rows, (
            ("会议名称", "梨园村村民代表会议"), ("会议时间", "2023年5月12日"),
            ("会议议题", "审议梨园村村庄规划（草案）"), ("应到人数", "33（村民委员会成员5人、村民代表28人）"),
            ("实到人数", "21"), ("表决结果", "同意20人，反对0人，弃权1人"), ("会议结论", "会议讨论通过规划草案"))):
        for cell, value in zip(row.cells, values):
            cell.text = value
    path = tmp_path / "plan.docx"
    d.save(str(path))
    m = check_procedure(load(path)).meeting
    assert (m.kind, m.date, m.total, m.attended, m.votes_for) == ("村民代表会议", "2023-05-12", 33, 21, 20)
    assert m.status == "no_quorum", "21 of 33 is under two thirds, whatever the record concludes"
    assert "实到人数 | 21" in m.evidence


def test_a_count_broken_from_its_unit_at_a_line_end_is_read_with_it(tmp_path):
    """A PDF line ends between a figure and its unit (表决同意12 / 人、反对8人): 12 of 25 is no majority."""
    path = _txt(tmp_path, "附件 规划公示和村民代表会议情况\n二、村民代表会议：2022年10月20日，白石村召开村民代表会议审议规划草案。"
                          "村民\n代表会议组成人员31人，实到25人，表决同意12\n人、反对8人、弃权5人，会议通过本规划草案。\n")
    m = check_procedure(load(path)).meeting
    assert (m.total, m.attended, m.votes_for, m.status) == (31, 25, 12, "no_majority")


def test_a_vote_table_a_pdf_gives_as_lines_of_names_and_figures(tmp_path):
    """表3 表决情况 / 会议组成人员应到（人）实到（人）同意（人）反对（人）弃权（人） / 39 25 24 0 1: 25 of 39
    is under two thirds, whatever the record says after it."""
    path = _txt(tmp_path, "附件 村民代表会议表决情况\n2023年5月26日，石门湾村召开村民代表会议，审议村庄规划草案，表决情况如下：\n"
                          "表3 表决情况\n会议组成人员应到（人）实到（人）同意（人）反对（人）弃权（人）\n39 25 24 0 1\n会议同意规划草案。\n")
    m = check_procedure(load(path)).meeting
    assert (m.total, m.attended, m.votes_for, m.status) == (39, 25, 24, "no_quorum")


def test_a_resolution_as_a_numbered_list_decides_over_an_earlier_consultation(tmp_path):
    """A 征求意见 meeting without a vote, then the 决议 as 一、会议时间… 三、参会人数… 四、表决结果…:
    the resolution's figures are read across its numbered items."""
    path = _txt(tmp_path, "附件 村民参与情况\n一、征求意见会议\n2023年3月10日，松岭村召开村民代表会议，对规划初步方案征求意见。"
                          "会议应到31人，实到24人，提出意见17条。本次会议不作表决。\n三、村民代表会议决议\n一、会议时间：2023年5月18日\n"
                          "二、会议地点：松岭村村委会会议室\n三、参会人数：村民代表会议组成人员应到31人，实到27人\n"
                          "四、表决结果：同意25人，反对1人，弃权1人\n五、决议事项：同意村庄规划，报镇人民政府审批。\n")
    m = check_procedure(load(path)).meeting
    assert (m.total, m.attended, m.votes_for, m.status) == (31, 27, 25, "ok")


def test_a_paragraph_telling_a_consultation_the_publicity_and_the_vote_reads_each_event(tmp_path):
    """One paragraph: a 征求意见座谈会 of 52 people, the 公示, then the 村民代表会议 that voted (39
    members, 33 present, 16 for) and the approval. The vote is the meeting; the 公示 is read although
    the paragraph ends with 批准后实施."""
    body = ("## 十一、实施保障\n\n### （二）村民参与和审批\n\n2023年7月6日，青山村召开规划草案征求意见座谈会，村民代表、"
            "老党员和外出务工人员代表共52人参加，提出意见14条。规划草案于2023年7月10日至8月13日在村委会和各院落公示栏公示。"
            "2023年8月25日，青山村召开村民代表会议对规划草案进行表决，村民代表会议组成人员39人，出席33人，表决结果：同意16票，"
            "反对9票，弃权8票。本规划经某某镇人民政府报某某县人民政府批准后实施。\n")
    p = check_procedure(load(_md(tmp_path, body)))
    m = p.meeting
    assert (m.kind, m.date, m.total, m.attended, m.votes_for, m.status) == (
        "村民代表会议", "2023-08-25", 39, 33, 16, "no_majority")
    assert (p.publicity.start, p.publicity.end, p.publicity.days, p.publicity.status) == (
        "2023-07-10", "2023-08-13", 35, "ok")


def test_publicity_dates_in_chinese_numerals_with_the_end_month_only(tmp_path):
    body = ("## 附件 规划公示情况\n\n规划草案于二〇二三年三月一日至三月三十一日在村委会公开栏和三个自然屯的公示牌进行公示，"
            "公示期间收到村民意见6条。\n")
    pub = check_procedure(load(_md(tmp_path, body))).publicity
    assert (pub.start, pub.end, pub.days, pub.status) == ("2023-03-01", "2023-03-31", 31, "ok")


@pytest.mark.parametrize("record, status", [
    # a share, no count: 80% of the members is over two thirds; 60% is not
    ("2023年6月2日，新村召开村民代表会议审议规划草案，应到代表30名，出席率80%。表决结果：同意22票、反对1票、弃权1票。", "ok"),
    ("2023年6月2日，新村召开村民代表会议审议规划草案，应到代表30名，出席率60%。表决结果：同意17票、反对1票、弃权0票。", "no_quorum"),
    # 三分之二以上 in words; 22 for is over half of all 30 members, so of those present
    ("2023年6月2日，新村召开村民代表会议审议规划草案，应到代表30名，到会代表超过应到代表的三分之二以上，同意22票。", "ok"),
    # only the votes against and abstaining, with the rest agreeing: decidable from the share
    ("2023年6月2日，新村召开村民代表会议审议规划草案，应到代表30名，参会率90%，反对3票、弃权2票，其余代表均同意。", "ok"),
    # only against and abstaining with a count present: at most 10 of 26 can have agreed
    ("2023年6月2日，新村召开村民代表会议审议规划草案，应到代表30名，实到26人，反对12票，弃权4票。", "no_majority"),
    # against and abstaining, present counted, the motion passed: decided
    ("2023年6月2日，新村召开村民代表会议审议规划草案，应到代表30名，实到26人，反对1票，弃权2票，规划草案表决通过。", "ok"),
    # a share alone and nothing on the vote: unverifiable, never passed
    ("2023年6月2日，新村召开村民代表会议审议规划草案，应到代表30名，参会率90%。", "unverifiable"),
])
def test_attendance_as_a_share_and_votes_as_the_ones_against(tmp_path, record, status):
    m = check_procedure(load(_md(tmp_path, "## 附件 村民代表会议情况\n\n" + record + "\n"))).meeting
    assert m.status == status, (m.detail, m.evidence)
    assert m.attended is None or "实到" in record
    assert m.total == 30


def test_minutes_listing_who_attended_and_a_unanimous_vote(tmp_path):
    """会议纪要: 参会人员：代表张三、李四…等27人（应到32人）; the 列席 are not members; 表决结果：举手表决，
    全票通过 -> 27 for; the minutes' 会议内容 mentioning the 公示 does not end the record."""
    body = ("## 附件一 村民代表会议纪要\n\n会议时间：2023年8月9日上午\n\n会议地点：村委会会议室\n\n主持人：赵明（村委会主任）\n\n"
            "参会人员：村民代表张三、李四、王五、孙六等27人（应到32人）；列席：镇包村干部1人\n\n"
            "会议内容：听取规划草案和公示期间意见处理情况的汇报，逐项讨论。\n\n表决结果：举手表决，全票通过。\n")
    m = check_procedure(load(_md(tmp_path, body))).meeting
    assert (m.kind, m.date, m.total, m.attended, m.votes_for, m.status) == (
        "村民代表会议", "2023-08-09", 32, 27, 27, "ok")


def test_a_record_table_of_three_columns_with_merged_cells(tmp_path):
    """A Word record table whose value cells are merged across two columns (会议名称 | 村民会议 |
    村民会议) and whose 表决 cell is merged down over 同意 / 反对 / 弃权: 18周岁以上村民 is a header's
    words, not a figure; 410 of 760 adults present, 200 for is not more than half of 410."""
    from docx import Document as Docx

    d = Docx()
    d.add_heading("某某县某某镇沙河村村庄规划（2021—2035年）", 0)
    d.add_paragraph("规划范围为沙河村行政村域，规划期限为2021年至2035年。")
    d.add_heading("附件 规划审议情况", 1)
    table = d.add_table(rows=7, cols=3)
    rows = (("会议名称", "沙河村村民会议"), ("会议时间", "2023年9月3日"), ("18周岁以上村民", "760人"),
            ("到会村民", "410人"), ("表决", "同意", "200人"), ("表决", "反对", "150人"), ("表决", "弃权", "60人"))
    for r, values in enumerate(rows):
        if len(values) == 2:
            cell = table.cell(r, 1).merge(table.cell(r, 2))
            table.cell(r, 0).text, cell.text = values
        else:
            for c, value in enumerate(values):
                table.cell(r, c).text = value
    table.cell(4, 0).merge(table.cell(6, 0))
    path = tmp_path / "plan.docx"
    d.save(str(path))
    m = check_procedure(load(path)).meeting
    assert (m.kind, m.date, m.total, m.attended, m.votes_for, m.status) == (
        "村民会议", "2023-09-03", 760, 410, 200, "no_majority")


def test_a_vote_table_by_groups_is_read_by_its_total_and_other_meetings_rows_are_left_out(tmp_path):
    """Under the meeting's paragraph, a table by 村民小组 is summed (or read by its 合计 row); a row
    for a 征求意见座谈会 in a table of meetings is not the deciding meeting."""
    groups = ("2023年4月6日，东湾村召开村民代表会议审议规划草案，表决情况如下：\n\n| 组别 | 应到（人） | 实到（人） | 同意 | 反对 | 弃权 |\n"
              "|---|---|---|---|---|---|\n| 第一组 | 8 | 7 | 3 | 3 | 1 |\n| 第二组 | 7 | 6 | 3 | 2 | 1 |\n"
              "| 第三组 | 9 | 8 | 4 | 3 | 1 |\n")
    m = check_procedure(load(_md(tmp_path, "## 附件 村民代表会议情况\n\n" + groups))).meeting
    assert (m.total, m.attended, m.votes_for, m.status) == (24, 21, 10, "no_majority")
    total = groups + "| 合计 | 24 | 21 | 10 | 8 | 3 |\n"
    m = check_procedure(load(_md(tmp_path, "## 附件 村民代表会议情况\n\n" + total))).meeting
    assert (m.total, m.attended, m.votes_for, m.status) == (24, 21, 10, "no_majority")
    meetings = ("规划编制中先召开征求意见座谈会，再由村民代表会议审议，情况如下。\n\n"
                "| 会议 | 日期 | 应到（人） | 实到（人） | 同意 | 反对 | 弃权 |\n|---|---|---|---|---|---|---|\n"
                "| 征求意见座谈会 | 2023年1月10日 | — | 52 | — | — | — |\n"
                "| 村民代表会议 | 2023年2月16日 | 33 | 29 | 27 | 1 | 1 |\n")
    m = check_procedure(load(_md(tmp_path, "## 附件 村民参与情况\n\n" + meetings))).meeting
    assert (m.date, m.total, m.attended, m.votes_for, m.status) == ("2023-02-16", 33, 29, 27, "ok")


def test_a_paragraph_is_read_from_the_meeting_it_names_and_a_date_without_its_year(tmp_path):
    """村民小组会议 figures before the 村民代表会议 in one paragraph are not its own; a 程序 | 时间 table
    gives the year once (2023年2月20日起至3月21日止) and the meeting only 3月28日."""
    body = ("## 附件 村民参与\n\n规划草案先经各村民小组会议讨论，参会村民共286人。2023年3月20日召开村民代表会议，"
            "应到代表40人，到会代表占应到代表的三分之二以上，同意31票、反对1票、弃权1票。\n")
    m = check_procedure(load(_md(tmp_path, body))).meeting
    assert (m.total, m.attended, m.votes_for, m.status) == (40, None, 31, "ok")
    table = ("## 附件 规划编制程序\n\n| 程序 | 时间 | 情况 |\n|---|---|---|\n"
             "| 规划草案公示 | 2023年2月20日起至3月21日止 | 在村委会公示栏公示 |\n"
             "| 村民代表会议审议 | 3月28日 | 应到代表37人，实到31人，同意28票 |\n")
    p = check_procedure(load(_md(tmp_path, table)))
    assert (p.meeting.date, p.meeting.status) == ("2023-03-28", "ok")
    assert (p.publicity.start, p.publicity.end, p.publicity.days) == ("2023-02-20", "2023-03-21", 30)


@pytest.mark.parametrize("text, start, end, days, status", [
    # a second round after changes supersedes the first
    ("规划草案第一次公示自2023年2月1日起至2月20日止。根据意见修改后，规划草案于2023年3月6日至2023年4月10日再次公示。",
     "2023-03-06", "2023-04-10", 36, "ok"),
    # a start and an end in two clauses
    ("规划草案于2022年8月29日在村务公开栏进行公示，公示期至2022年10月7日，共40天。", "2022-08-29", "2022-10-07", 40, "ok"),
    # a start and a length
    ("规划草案自2023年4月10日起在村委会公示栏公示30日。", "2023-04-10", "2023-05-09", 30, "ok"),
    # the 公示 of the meeting's resolution is not the draft's
    ("规划草案于2023年3月1日至3月31日公示。村民代表会议决议于2023年4月20日至4月26日公示。", "2023-03-01", "2023-03-31", 31, "ok"),
])
def test_which_publicity_counts_and_its_dates(tmp_path, text, start, end, days, status):
    pub = check_procedure(load(_md(tmp_path, "## 附件 规划公示情况\n\n" + text + "\n"))).publicity
    assert (pub.start, pub.end, pub.days, pub.status) == (start, end, days, status), pub.detail


def test_a_publicity_row_in_the_meeting_record_table_is_the_plans(tmp_path):
    """A key/value record whose rows name the meeting and then the 公示 (公示期 | 2022年11月7日—2022年11月28日):
    the 公示 is the plan's though no row says 规划; 22 days is too short."""
    body = ("## 附件 村民代表会议及公示情况\n\n| 事项 | 内容 |\n|---|---|\n| 会议名称 | 红石村村民代表会议 |\n"
            "| 会议时间 | 2022年12月6日 |\n| 应到代表 | 35人 |\n| 实到代表 | 30人 |\n| 表决结果 | 同意28票 |\n"
            "| 公示期 | 2022年11月7日—2022年11月28日 |\n")
    p = check_procedure(load(_md(tmp_path, body)))
    assert (p.meeting.total, p.meeting.attended, p.meeting.votes_for, p.meeting.status) == (35, 30, 28, "ok")
    assert (p.publicity.start, p.publicity.end, p.publicity.days, p.publicity.status) == (
        "2022-11-07", "2022-11-28", 22, "too_short")


@pytest.mark.parametrize("body", [
    ("## 附件 规划审议情况\n\n| 事项 | 内容 |\n|---|---|\n"
     "| 规划草案公示 | 2023年3月6日至2023年4月4日，在村务公开栏和镇政府网站公示 |\n"
     "| 村民代表会议时间 | 2023年4月18日 |\n| 组成人员 | 39人 |\n| 实到人数 | 33人 |\n| 表决结果 | 同意31人 |\n"),
    ("## 附件 规划审议情况\n\n规划草案于2023年3月6日至2023年4月4日公示；村民代表会议于4月18日召开，"
     "应到代表39人，实到33人，同意31人。\n"),
])
def test_the_meeting_is_dated_by_its_own_row_not_by_the_publicity_before_it(tmp_path, body):
    """A record that tells the 公示 first and the meeting after it: the meeting's date is its own
    (4月18日), not the 公示's start (3月6日)."""
    p = check_procedure(load(_md(tmp_path, body)))
    assert (p.meeting.date, p.meeting.total, p.meeting.attended, p.meeting.votes_for, p.meeting.status) == (
        "2023-04-18", 39, 33, 31, "ok")
    assert (p.publicity.start, p.publicity.end, p.publicity.days) == ("2023-03-06", "2023-04-04", 30)


@pytest.mark.parametrize("signed", ["2023年6月12日", "二〇二三年六月十二日"])
def test_a_resolution_dated_today_takes_its_date_from_the_signature_at_its_foot(tmp_path, signed):
    """本村于今日召开村民代表会议 … / 西峪村村民委员会（盖章） / 2023年6月12日: the signature's date is the
    meeting's; a 公示 that ended on a day written before the date (公示期满日为…) ends there."""
    body = ("## 附件 村民代表会议决议\n\n本村于今日召开村民代表会议，审议村庄规划成果。本次会议应到代表35人，实到代表30人。\n\n"
            "经与会代表举手表决，同意28人，反对2人。\n\n西峪村村民委员会（盖章）\n\n" + signed + "\n\n"
            "## 附件 规划草案公示\n\n规划草案自2023年4月20日起在村委会公示栏公示，公示期满日为2023年5月19日。\n")
    p = check_procedure(load(_md(tmp_path, body)))
    assert (p.meeting.date, p.meeting.total, p.meeting.attended, p.meeting.votes_for, p.meeting.status) == (
        "2023-06-12", 35, 30, 28, "ok")
    assert (p.publicity.start, p.publicity.end, p.publicity.days, p.publicity.status) == (
        "2023-04-20", "2023-05-19", 30, "ok")


def test_a_publicity_with_only_its_end_keeps_that_end_and_stays_unverifiable(tmp_path):
    body = ("## 附件 规划草案公示\n\n### （一）规划草案公示\n\n规划草案在村委会公示栏公示，公示期满日为2023年6月26日，"
            "公示期间收到意见5条。\n")
    p = check_procedure(load(_md(tmp_path, body))).publicity
    assert (p.status, p.start, p.end, p.days) == ("unverifiable", None, "2023-06-26", None)


def test_a_households_vote_table_by_group_is_read_by_its_total_row(tmp_path):
    """附件2 村民会议表决情况统计表: 组别 | 总户数（户） | 到会户代表（户） | 同意（户） per group, then 合计:
    the total row holds the meeting's figures (not the first group's 96 / 72 / 69)."""
    rows = "".join(f"| {g}组 | {t} | {a} | {f} |\n" for g, t, a, f in ((1, 96, 72, 69), (2, 88, 66, 63), (3, 102, 74, 71)))
    body = ("## 附件2 村民会议表决情况统计表\n\n会议时间：2022年8月26日\n\n| 组别 | 总户数（户） | 到会户代表（户） | 同意（户） |\n"
            "|---|---|---|---|\n" + rows + "| 合计 | 286 | 212 | 203 |\n")
    m = check_procedure(load(_md(tmp_path, body))).meeting
    assert (m.kind, m.date, m.total, m.attended, m.votes_for, m.households, m.status) == (
        "村民会议", "2022-08-26", 286, 212, 203, True, "ok")


def test_a_sign_in_summary_with_a_ballot_table_and_the_date_above(tmp_path):
    """会议时间 on the line above, a 签到表 row (应签到 38 | 实签到 33) and a 表决票统计表 under it (发出票 …
    同意票 15): 15 of 33 is no majority."""
    body = ("## 附件二 村民代表会议签到及表决情况\n\n会议时间：2022年10月20日\n\n会议签到表（汇总）\n\n"
            "| 项目 | 应签到 | 实签到 | 请假 | 缺席 |\n|---|---|---|---|---|\n| 村民代表会议组成人员 | 38 | 33 | 3 | 2 |\n\n"
            "表决票统计表\n\n| 发出票 | 收回票 | 有效票 | 同意票 | 反对票 | 弃权票 |\n|---|---|---|---|---|---|\n"
            "| 33 | 33 | 31 | 15 | 12 | 4 |\n")
    m = check_procedure(load(_md(tmp_path, body))).meeting
    assert (m.date, m.total, m.attended, m.votes_for, m.status) == ("2022-10-20", 38, 33, 15, "no_majority")


def test_a_scanned_table_as_a_line_of_names_over_a_line_of_values(tmp_path):
    """会议名称召开时间应到人数实到人数同意反对弃权备注 over 村民代表会议 2023年6月20日 42 27 25 1 1 审议规划草案:
    27 of 42 is under two thirds; the date stays the meeting's."""
    body = ("## 附件 村民代表会议审议情况\n\n会议名称召开时间应到人数实到人数同意反对弃权备注\n\n"
            "村民代表会议 2023年6月20日 42 27 25 1 1 审议规划草案\n")
    m = check_procedure(load(_txt(tmp_path, body.replace("## ", "")))).meeting
    assert (m.date, m.total, m.attended, m.votes_for, m.status) == ("2023-06-20", 42, 27, 25, "no_quorum")


def test_a_count_cut_inside_its_digits_and_another_meetings_sentence(tmp_path):
    """本村18周岁以上村民1,34 / 2人 cut at a printed line's end is 1,342; a 党员大会 that agreed to put the
    plan to the 村民代表会议 lends it none of its figures."""
    body = ("附件 村民会议\n2023年10月15日，钱家村召开村民会议审议规划草案。本村18周岁以上村民1,34\n2人，到会705人。"
            "经表决，同意690人，反对6人，弃权9人。\n")
    m = check_procedure(load(_txt(tmp_path, body))).meeting
    assert (m.kind, m.total, m.attended, m.votes_for, m.status) == ("村民会议", 1342, 705, 690, "ok")
    body = ("附件 规划编制过程\n（二）2022年12月2日，村党支部召开党员大会，应到党员32名，实到30名，一致同意提交村民代表会议审议。\n"
            "（三）2022年12月20日，召开村民代表会议审议规划草案，到会代表占应到代表的三分之二以上，举手表决，一致同意。\n")
    m = check_procedure(load(_txt(tmp_path, body))).meeting
    assert (m.date, m.total, m.attended, m.status) == ("2022-12-20", None, None, "ok")


def test_minutes_giving_the_present_as_a_total_and_a_record_table_with_group_labels(tmp_path):
    """参会人员：村民委员会成员、村民代表共31人（应到36人） gives 31 present; in 参会情况 | 应到户数 | 312户 /
    参会情况 | 实到户数 | 236户 the row's own key counts, not the group's 参会."""
    body = ("## 附件 老屋场村村民代表会议纪要\n\n会议时间：2022年11月25日上午9时\n\n"
            "参会人员：村民委员会成员、村民代表共31人（应到36人）。\n\n表决结果：同意17票、反对8票、弃权6票。\n")
    m = check_procedure(load(_md(tmp_path, body))).meeting
    assert (m.total, m.attended, m.votes_for, m.status) == (36, 31, 17, "ok")
    rows = [("会议类型", "会议类型", "村民会议（以户为单位，由户代表参加）"), ("会议时间", "会议时间", "2022年7月18日"),
            ("参会情况", "应到户数", "312户"), ("参会情况", "实到户数", "236户"), ("表决结果", "同意", "221户"),
            ("表决结果", "反对", "9户")]
    table = "| 项目 | 项目 | 内容 |\n|---|---|---|\n" + "".join(f"| {a} | {b} | {c} |\n" for a, b, c in rows)
    m = check_procedure(load(_md(tmp_path, "## 附件 村民会议情况\n\n" + table))).meeting
    assert (m.kind, m.total, m.attended, m.votes_for, m.status) == ("村民会议", 312, 236, 221, "ok")


def test_publicity_as_start_and_end_rows_of_a_table(tmp_path):
    body = ("## 附件 规划草案公示情况\n\n| 事项 | 内容 |\n|---|---|\n| 公示开始 | 2023年1月16日 |\n"
            "| 公示结束 | 2023年2月20日 |\n| 公示地点 | 村委会公示栏 |\n")
    pub = check_procedure(load(_md(tmp_path, body))).publicity
    assert (pub.start, pub.end, pub.days, pub.status) == ("2023-01-16", "2023-02-20", 36, "ok")


def test_adults_counted_as_those_who_have_reached_eighteen(tmp_path):
    body = ("附件 村民会议\n2022年10月18日，石门坎村召开村民会议审议规划草案。全村年满十八周岁村民1380人，到会742人，"
            "同意701人，反对12人，弃权29人。\n")
    m = check_procedure(load(_txt(tmp_path, body))).meeting
    assert (m.kind, m.total, m.attended, m.votes_for, m.status) == ("村民会议", 1380, 742, 701, "ok")


# ---- members, votes and dates written apart from the record ----------------------------------

ROSTER_ANNEX = """## 附件

### 附件1 村民代表会议组成人员名单

张大林、李桂芳、王建国、赵秀兰、刘长青等，以上组成人员共计33人。

### 附件2 村民代表会议记录

会议时间：2023年5月6日

会议议题：审议《青山村村庄规划（2021—2035年）》草案

实到代表：29名

表决结果：赞成27票，反对1票，弃权1票
"""


def test_members_from_the_roster_annex_when_the_record_gives_only_who_came(tmp_path):
    m = check_procedure(load(_md(tmp_path, ROSTER_ANNEX))).to_dict()["meeting"]
    assert (m["status"], m["total"], m["attended"], m["for"]) == ("ok", 33, 29, 27)
    assert "共计33人" in m["evidence"], "where the members were read is quoted"


def test_two_different_rosters_leave_the_members_unread(tmp_path):
    body = ROSTER_ANNEX.replace("刘长青等，", "刘长青等，2020年换届时村民代表共计31人；")
    m = check_procedure(load(_md(tmp_path, body))).to_dict()["meeting"]
    assert (m["status"], m["total"]) == ("unverifiable", None)
    assert "应到人数" in m["detail"]


HOUSEHOLDS_APART = """## 第二章 村庄概况

### 第二条 人口

青山村现有农户412户，户籍人口1,236人。

## 附件 村民会议情况

2023年8月12日，青山村召开村民会议，以户为单位，每户派一名户代表参加。到会户代表289户。经无记名投票表决，同意票271票，反对票9票，弃权票9票，规划草案获得通过。
"""


def test_households_counted_against_the_village_count_in_another_chapter(tmp_path):
    m = check_procedure(load(_md(tmp_path, HOUSEHOLDS_APART))).to_dict()["meeting"]
    assert (m["status"], m["kind"], m["total"], m["attended"], m["for"]) == ("ok", "村民会议", 412, 289, 271)
    assert "三分之二" in m["detail"] or "符合" in m["detail"]
    short = HOUSEHOLDS_APART.replace("到会户代表289户", "到会户代表260户").replace("同意票271票", "同意票242票")
    m = check_procedure(load(_md(tmp_path, short, "short.md"))).to_dict()["meeting"]
    assert (m["status"], m["total"], m["attended"]) == ("no_quorum", 412, 260), "260 of 412 is below two thirds"


def test_a_persons_count_is_not_taken_for_households(tmp_path):
    body = HOUSEHOLDS_APART.replace("现有农户412户，", "")
    m = check_procedure(load(_md(tmp_path, body))).to_dict()["meeting"]
    assert (m["status"], m["total"]) == ("unverifiable", None), "户籍人口 is persons of all ages, not households"


TWO_SESSIONS = """## 附件 村民参与情况

（一）审议。2023年9月4日，青山村召开村民代表会议，应到代表35名，实到代表32名，代表们逐章审议了规划草案。

（二）表决。2023年9月6日，青山村村民代表会议对规划草案进行表决，实到代表30名，表决结果为：同意15票，反对10票，弃权5票。
"""


def test_the_vote_session_takes_its_members_from_the_review_session(tmp_path):
    m = check_procedure(load(_md(tmp_path, TWO_SESSIONS))).to_dict()["meeting"]
    assert (m["status"], m["date"], m["total"], m["attended"], m["for"]) == \
        ("no_majority", "2023-09-06", 35, 30, 15), "15 of 30 present is not more than half"


def test_votes_written_as_passing_ballots(tmp_path):
    body = """## 附件 村民代表会议

| 项目 | 内容 |
| --- | --- |
| 会议名称 | 青山村村民代表会议 |
| 会议时间 | 2023年6月2日 |
| 应到代表 | 40人 |
| 实到代表 | 34人 |
| 通过票 | 31票 |
| 反对票 | 2票 |
| 弃权票 | 1票 |
"""
    m = check_procedure(load(_md(tmp_path, body))).to_dict()["meeting"]
    assert (m["status"], m["total"], m["attended"], m["for"]) == ("ok", 40, 34, 31)


def test_a_long_list_of_those_present_does_not_cut_the_record(tmp_path):
    names = "、".join(f"代表{i}" for i in range(1, 26))
    body = f"""------------------------------
附件二：青山村村民代表会议纪要
------------------------------
  会议名称：青山村村民代表会议
  会议时间：二〇二三年十月二十日上午九时
  会议地点：村委会会议室
  主持人：王保国（村党支部书记）
  记录人：郭丽萍（村委会委员）
  参会人员：{names}
  应参会人数：27人
  实参会人数：25人
  表决结果：赞成票24票，反对票0票，弃权票1票。会议同意规划草案。
"""
    m = check_procedure(load(_txt(tmp_path, body))).to_dict()["meeting"]
    assert len(names) > 80
    assert (m["status"], m["date"], m["total"], m["attended"], m["for"]) == ("ok", "2023-10-20", 27, 25, 24)


PHOTO_CAPTIONS = """## 附件3 规划草案公示照片

公示照片1：2023年3月6日张贴于村委会公示栏的规划草案公示（规划图、规划文本摘要各1份）。

公示照片2：公示期间群众在公示栏前查看规划图，村干部现场解答。

公示照片3：2023年4月7日公示期满后撤下公示材料，共收到意见4条。
"""


def test_publicity_told_by_photo_captions(tmp_path):
    p = check_procedure(load(_md(tmp_path, PHOTO_CAPTIONS))).to_dict()["publicity"]
    assert (p["status"], p["start"], p["end"], p["days"]) == ("ok", "2023-03-06", "2023-04-07", 33)
    short = PHOTO_CAPTIONS.replace("2023年4月7日", "2023年3月27日")
    p = check_procedure(load(_md(tmp_path, short, "short.md"))).to_dict()["publicity"]
    assert (p["status"], p["days"]) == ("too_short", 22)


def test_publicity_given_by_its_end_date(tmp_path):
    body = "## 附件 公示情况\n\n规划草案在村委会公示栏张贴。草案于2023年7月20日公示期满，公示期30天，期间收到意见5条。\n"
    p = check_procedure(load(_md(tmp_path, body))).to_dict()["publicity"]
    assert (p["status"], p["start"], p["end"], p["days"]) == ("ok", None, "2023-07-20", 30)
    body = "## 附件 公示情况\n\n规划草案在村委会公示栏张贴，于2023年7月20日公示期满，期间收到意见5条。\n"
    p = check_procedure(load(_md(tmp_path, body, "end.md"))).to_dict()["publicity"]
    assert (p["status"], p["start"], p["end"], p["days"]) == ("unverifiable", None, "2023-07-20", None)
    assert "2023-07-20期满" in p["detail"] and "无法核实" in p["detail"]


def test_a_meeting_held_in_two_sessions_is_counted_as_one(tmp_path):
    body = """## 第二章 村庄概况

### 第二条 人口

柳泉村辖6个村民小组，2020年户籍人口1,402人，其中18周岁以上村民1,046人。

## 附件 村民会议

因场地容量有限，村民会议分两场召开，两场会议就同一议题表决，结果合并计算。

| 场次 | 时间 | 参会范围 | 到会人数 | 同意 | 不同意 | 弃权 |
| --- | --- | --- | --- | --- | --- | --- |
| 第一场 | 2023年6月10日 | 第一至第三村民小组 | 到会312人 | 同意298人 | 9人 | 5人 |
| 第二场 | 2023年6月10日 | 第四至第六村民小组 | 到会241人 | 同意226人 | 11人 | 4人 |
"""
    m = check_procedure(load(_md(tmp_path, body))).to_dict()["meeting"]
    assert (m["status"], m["date"], m["total"], m["attended"], m["for"]) == ("ok", "2023-06-10", 1046, 553, 524)


def test_a_scan_read_with_spaces_between_characters(tmp_path):
    body = """杨林坪村村民代表会议记录
时间： 2 0 2 3 年 7 月 1 8 日上午
议题：审议杨林坪村村庄规划（ 2 0 2 1 — 2 0 3 5 年）
出席情况：应到 3 1 人，实到 2 0 人，缺席 1 1 人
表决情况：同意 1 9 人，反对 0 人，弃权 1 人
公示情况：规划草案于 2 0 2 3 年 5 月 1 5 日至 6 月 1 6 日在村委会公示栏公示。
"""
    result = check_procedure(load(_txt(tmp_path, body))).to_dict()
    m, p = result["meeting"], result["publicity"]
    assert (m["status"], m["date"], m["total"], m["attended"], m["for"]) == ("no_quorum", "2023-07-18", 31, 20, 19)
    assert (p["status"], p["start"], p["end"], p["days"]) == ("ok", "2023-05-15", "2023-06-16", 33)


def test_a_record_table_with_a_remarks_column_and_the_date_in_the_sentence_over_it(tmp_path):
    body = """## 附件二 白水寨村村民会议决议

2023年4月20日晚，白水寨村在芦笙场召开村民会议，审议村庄规划草案。

| 项目 | 人数 | 备注 |
| --- | --- | --- |
| 全村18周岁以上村民 | 1,268人 | 据2022年底户籍统计 |
| 到会村民 | 597人 | 按签到表统计 |
| 表决结果 | 同意 | 560人 |
| 表决结果 | 不同意 | 21人 |
"""
    m = check_procedure(load(_md(tmp_path, body))).to_dict()["meeting"]
    assert (m["status"], m["date"], m["total"], m["attended"], m["for"]) == \
        ("no_quorum", "2023-04-20", 1268, 597, 560), "597 is not more than half of 1,268"


def test_a_key_value_table_with_two_pairs_a_row_and_a_sign_in_summary(tmp_path):
    body = """## 附件一 村民代表会议情况

| 会议名称 | 柳树沟村村民代表会议 | 柳树沟村村民代表会议 | 柳树沟村村民代表会议 |
| --- | --- | --- | --- |
| 会议时间 | 2023年4月18日 | 地点 | 村委会会议室 |
| 参会情况 | 签到表：应签到31人，实际签到27人 | 签到表：应签到31人，实际签到27人 | 签到表：应签到31人，实际签到27人 |
| 表决结果 | 反对0票，弃权2票，其余代表均投同意票 | 反对0票，弃权2票，其余代表均投同意票 | 反对0票，弃权2票，其余代表均投同意票 |
"""
    m = check_procedure(load(_md(tmp_path, body))).to_dict()["meeting"]
    assert (m["status"], m["date"], m["total"], m["attended"]) == ("ok", "2023-04-18", 31, 27)


def test_publicity_through_two_channels_is_judged_on_the_shorter(tmp_path):
    body = ("## 附件 公示情况\n\n规划草案同时在网上和村内公示：在县人民政府网站公示，时间为2023年4月3日至5月8日；"
            "在村委会公示栏张贴公示，时间为2023年4月6日至5月5日。\n")
    p = check_procedure(load(_md(tmp_path, body))).to_dict()["publicity"]
    assert (p["status"], p["start"], p["end"], p["days"]) == ("ok", "2023-04-06", "2023-05-05", 30)
    short = body.replace("2023年4月6日至5月5日", "2023年4月6日至4月30日")
    p = check_procedure(load(_md(tmp_path, short, "short.md"))).to_dict()["publicity"]
    assert (p["status"], p["days"]) == ("too_short", 25), "villagers at the board had 25 days"
    again = ("## 附件 公示情况\n\n规划草案于2023年3月1日至3月20日公示；修改完善后，于2023年4月1日至5月5日再次公示。\n")
    p = check_procedure(load(_md(tmp_path, again, "again.md"))).to_dict()["publicity"]
    assert (p["status"], p["start"], p["days"]) == ("ok", "2023-04-01", 35), "a later round supersedes the first"


def test_publicity_running_from_the_notices_date_in_its_signature(tmp_path):
    body = """附件一 关于石门坑村村庄规划（草案）的公示

石门坑村全体村民：
现将村庄规划（草案）予以公示。
一、公示期：自公告发布之日起30日。
二、公示地点：村委会公示栏
石门坑村村民委员会
二〇二三年二月十日
"""
    p = check_procedure(load(_txt(tmp_path, body))).to_dict()["publicity"]
    assert (p["status"], p["start"], p["end"], p["days"]) == ("ok", "2023-02-10", None, 30)


def test_photo_captions_with_a_photo_taken_during_the_publicity(tmp_path):
    body = """## 附件1 规划公示照片

图1 2023年10月9日，规划草案在村委会公示栏张贴公示

图2 2023年10月20日，村干部在第五村民小组向群众讲解规划草案

图3 2023年11月8日，公示期满，村委会开启意见箱收集书面意见
"""
    p = check_procedure(load(_md(tmp_path, body))).to_dict()["publicity"]
    assert (p["status"], p["start"], p["end"], p["days"]) == ("ok", "2023-10-09", "2023-11-08", 31)


def test_votes_given_only_as_a_share_of_those_present(tmp_path):
    body = """## 附件 村民代表会议审议情况

| 会议名称 | 青山村村民代表会议 |
| --- | --- |
| 会议时间 | 2023/6/8 |
| 应到人数 | 35人 |
| 实到人数 | 27人 |
| 表决结果 | 同意率96.3% |
"""
    m = check_procedure(load(_md(tmp_path, body))).to_dict()["meeting"]
    assert (m["status"], m["date"], m["total"], m["attended"], m["for"]) == ("ok", "2023-06-08", 35, 27, None)
    assert "同意率96.3%" in m["detail"]
    m = check_procedure(load(_md(tmp_path, body.replace("96.3%", "48.1%"), "low.md"))).to_dict()["meeting"]
    assert m["status"] == "no_majority", "13 of 27 is not more than half"


def test_minutes_whose_items_read_as_headings_are_one_record(tmp_path):
    # in a plan without articles, 一、会议时间：… items are read as headings; the record runs over
    # them, and the party meeting listed after the minutes is not the meeting the law means
    path = tmp_path / "minutes.md"
    path.write_text("""# 某某县某某镇青山村村庄规划（2021—2035年）

## **规划总则**

**规划范围**规划范围为青山村行政村域，面积512.3公顷。

## **实施保障**

**程序要求**规划草案公示不少于30日；规划经村民代表会议审议同意后报批。

# **附件 村民代表会议记录**

**青山村村民代表会议记录**

**一、会议时间**：2024年3月6日下午2:00

**二、会议地点**：村委会会议室

**三、出席情况**：应到村民代表27名，实到17名

**四、表决情况**：举手表决，同意16票，反对1票

**五、会议结论**：规划成果提交镇人民政府

附：会前程序

1. 2024年2月28日召开党员大会，应到党员19名，实到18名，一致同意。
""", encoding="utf-8")
    m = check_procedure(load(path)).to_dict()["meeting"]
    assert (m["status"], m["date"], m["total"], m["attended"], m["for"]) == ("no_quorum", "2024-03-06", 27, 17, 16)


def test_votes_as_a_share_of_those_present_in_words(tmp_path):
    body = "## 附件 村民会议\n\n2023年5月9日召开村民会议，全村18周岁以上村民860人，参会率78%，" \
           "表决同意票占到会人数的91%，规划获得通过。\n"
    m = check_procedure(load(_md(tmp_path, body))).to_dict()["meeting"]
    assert (m["status"], m["total"]) == ("ok", 860)
    body = body.replace("91%", "45%")
    assert check_procedure(load(_md(tmp_path, body, "low.md"))).to_dict()["meeting"]["status"] == "no_majority"


def test_a_publicity_range_cut_after_its_until_at_a_line_end(tmp_path):
    body = "第九条 公示\n规划草案在村务公开栏公示，公示时间：2023年12月18日至\n1月16日。公示期间未收到意见。\n"
    p = check_procedure(load(_txt(tmp_path, body))).to_dict()["publicity"]
    assert (p["status"], p["start"], p["end"], p["days"]) == ("ok", "2023-12-18", "2024-01-16", 30)


def test_a_vote_table_without_a_date_takes_the_date_of_the_sentence_telling_the_same_meeting(tmp_path):
    body = """第十条 村民参与
2024年1月12日，青山村召开村民代表会议审议规划草案，会议组成人员41人，实到33人，表决情况见附表。
规划草案于2023年11月20日至12月25日公示。

附表 村民代表会议表决统计表
组别 | 组成人员 | 实到 | 同意 | 不同意
村民委员会 | 5 | 5 | 4 | 1
村民小组代表 | 36 | 28 | 20 | 8
合计 | 41 | 33 | 24 | 9
"""
    m = check_procedure(load(_txt(tmp_path, body))).to_dict()["meeting"]
    assert (m["status"], m["date"], m["total"], m["attended"], m["for"]) == ("ok", "2024-01-12", 41, 33, 24)


def _meeting(tmp_path: Path, body: str) -> dict:
    return check_procedure(load(_md(tmp_path, body))).to_dict()["meeting"]


def test_a_meeting_in_two_sessions_is_judged_on_their_totals(tmp_path):
    m = _meeting(tmp_path, "## 附件\n\n2023年9月16日分上午、下午两场召开村民会议，审议规划成果。上午场到会村民214人，同意201人；"
                           "下午场到会村民188人，同意176人。两场合计到会村民402人，占全村18周岁以上村民（768人）的52.3%；"
                           "合计同意377人。\n")
    assert (m["status"], m["total"], m["attended"], m["for"]) == ("ok", 768, 402, 377)


def test_attendance_from_the_absent_and_from_a_sign_in_count(tmp_path):
    absent = _meeting(tmp_path, "## 附件\n\n2023年6月15日召开村民代表会议审议规划。本届村民代表应到代表41人，缺席3人，请假2人。"
                                "经举手表决，同意33票，反对2票，弃权1票。\n")
    assert (absent["status"], absent["total"], absent["attended"], absent["for"]) == ("ok", 41, 36, 33)
    signed = _meeting(tmp_path, "## 附件\n\n2023年6月12日召开村民代表会议审议规划成果。本次会议应到代表33人，签到22人，未签到11人。"
                                "同意20票，反对1票，弃权1票。\n")
    assert (signed["attended"], signed["status"]) == (22, "ok")   # 22 of 33: two thirds exactly


def test_votes_given_in_a_section_of_their_own(tmp_path):
    m = _meeting(tmp_path, "## 附件二 村民代表会议签到表汇总\n\n会议日期：2023年6月12日\n\n本次会议应到代表33人，签到22人。\n\n"
                           "## 附件三 表决结果\n\n表决方式：举手表决\n\n表决结果：同意20票，反对1票，弃权1票\n")
    assert (m["total"], m["attended"], m["for"], m["status"]) == (33, 22, 20, "ok")


MEETINGS_AS_COLUMNS = """## 五、规划审议会议情况

<html><body><table>
<tr><td>项目</td><td>村务监督委员会会议</td><td>村民代表会议</td></tr>
<tr><td>会议时间</td><td>2023年10月9日</td><td>2023年10月12日</td></tr>
<tr><td>应到人数</td><td>5</td><td>35</td></tr>
<tr><td>实到人数</td><td>5</td><td>34</td></tr>
<tr><td>表决情况</td><td>同意5<br>反对0<br>弃权0</td><td>同意16<br>反对11<br>弃权7</td></tr>
<tr><td>会议结论</td><td>程序合规</td><td>通过</td></tr>
</table></body></html>
"""


def test_meetings_as_the_columns_of_a_table(tmp_path):
    m = _meeting(tmp_path, MEETINGS_AS_COLUMNS)
    # the 村务监督委员会 column is no 村民代表会议; 16 of 34 is no majority, whatever the 结论 says
    assert (m["kind"], m["date"], m["total"], m["attended"], m["for"], m["status"]) == \
        ("村民代表会议", "2023-10-12", 35, 34, 16, "no_majority")


ITEMS_AND_NOTICES = """## 附件 村民参与及审议情况

一、规划草案公示。规划草案于2023年6月5日至7月4日在后垄村村委会、各自然村公示栏公示，收到意见9条。

二、村民代表会议。2023年7月14日，后垄村召开村民代表会议，一并审议宅基地分配方案和村庄规划成果，分项表决，结果如下：

| 序号 | 审议事项 | 应到代表 | 实到代表 | 同意 | 反对 | 弃权 | 结果 |
|---|---|---|---|---|---|---|---|
| 1 | 后垄村宅基地分配方案（第二批） | 36 | 31 | 30 | 1 | 0 | 通过 |
| 2 | 后垄村村庄规划（2021—2035年）成果 | 36 | 31 | 27 | 3 | 1 | 通过 |

三、宅基地分配结果公示。第二批宅基地分配结果于2023年7月17日至7月23日在村务公开栏公示，公示期7天，无异议。
"""


def test_one_meeting_voting_on_several_items_and_another_matters_publicity(tmp_path):
    result = check_procedure(load(_md(tmp_path, ITEMS_AND_NOTICES))).to_dict()
    m, p = result["meeting"], result["publicity"]
    assert (m["total"], m["attended"], m["for"], m["status"]) == (36, 31, 27, "ok")   # the plan's row
    assert (p["start"], p["end"], p["days"], p["status"]) == ("2023-06-05", "2023-07-04", 30, "ok")


def test_publicity_as_a_table_of_start_and_end_columns(tmp_path):
    body = ("## 五、村民参与\n\n### （一）规划草案公示情况\n\n| 公示内容 | 公示起始 | 公示截止 | 公示地点 |\n|---|---|---|---|\n"
            "| 村庄规划草案 | 2023年5月22日 | 2023年6月20日 | 村文化礼堂、各自然村公示栏 |\n")
    p = check_procedure(load(_md(tmp_path, body))).to_dict()["publicity"]
    assert (p["start"], p["end"], p["days"], p["status"]) == ("2023-05-22", "2023-06-20", 30, "ok")


def test_a_count_after_a_pause_mark_belongs_to_the_next_choice(tmp_path):
    m = _meeting(tmp_path, "## 附件\n\n2022年7月20日召开村民代表会议审议本规划草案，会议应到43人，实到38人，"
                           "经举手表决，36人同意、2人弃权，会议讨论同意本规划。\n")
    assert (m["total"], m["attended"], m["for"], m["status"]) == (43, 38, 36, "ok")


STEPS_TABLE = """## 附件 规划编制村民参与记录表

| 序号 | 事项 | 记录 |
|---|---|---|
| 1 | 入户调查 | 2022年8月15日至8月26日入户走访农牧户212户，共148人次参加座谈。 |
| 2 | 规划草案公示 | 公示时间：2022年11月7日至2022年12月1日。 |
| 3 | 村民会议召开 | 会议时间：2022年12月12日；会议由村民委员会召集。 |
| 4 | 参会情况 | 本村十八周岁以上村民862人，到会548人，超过半数。 |
| 5 | 表决结果 | 同意531人，反对3人，弃权14人。 |
| 6 | 会议结论 | 村民会议讨论同意本规划草案，同意按程序报批。 |
| 7 | 报批 | 2022年12月20日由镇人民政府报县人民政府审批。 |
"""


def test_a_numbered_table_of_steps_gives_the_meeting_the_rows_about_it(tmp_path):
    """序号 | 事项 | 记录: the meeting's row, then 参会情况 and 表决结果 in rows of their own; the
    survey's households and the 公示 row are other steps, not the meeting's figures."""
    result = check_procedure(load(_md(tmp_path, STEPS_TABLE))).to_dict()
    m, p = result["meeting"], result["publicity"]
    assert (m["kind"], m["date"], m["total"], m["attended"], m["for"], m["status"]) == \
        ("村民会议", "2022-12-12", 862, 548, 531, "ok")
    assert (p["days"], p["status"]) == (25, "too_short")
