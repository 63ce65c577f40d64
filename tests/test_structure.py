"""Structure parser and clean-up on small, realistic texts."""
from __future__ import annotations

import pytest

from ingest import load, split_clause
from ingest.clean import PAGE_NUMBER_RE, normalize_line


def _load_text(tmp_path, text: str, name: str = "文件.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load(path)


@pytest.mark.parametrize("raw, clean", [
    ("第 六十二 条　农村村民一户只能拥有一处宅基地", "第六十二条 农村村民一户只能拥有一处宅基地"),
    ("第一章　总　　则", "第一章 总则"),
    ("(一)军事和外交需要用地的；", "（一）军事和外交需要用地的；"),
    ("（１）村庄道路", "（1）村庄道路"),
    ("１．２　规划期限", "1.2 规划期限"),
    ("规划期限为２０２１—２０３５年", "规划期限为2021—2035年"),
    ("\ufeff建 设\u200b用地", "建设用地"),
])
def test_normalize_line(raw, clean):
    assert normalize_line(raw) == clean


@pytest.mark.parametrize("line", ["- 3 -", "12", "第 3 页", "第3页 共10页", "3/10", "— 12 —", "Page 4"])
def test_page_number_lines(line):
    assert PAGE_NUMBER_RE.match(line)


@pytest.mark.parametrize("line", ["2035年", "第三条", "1.1 规划范围", "（3）"])
def test_not_page_numbers(line):
    assert not PAGE_NUMBER_RE.match(line)


def test_cross_references_at_paragraph_start_stay_inside(tmp_path):
    doc = _load_text(tmp_path, """某县村庄规划管理办法

第一条 为了加强村庄规划管理，制定本办法。

第二条 村庄规划报批前，应当经村民会议讨论同意。

第一条规定的目的适用于本县所有行政村。

前款规定的村民会议，由村民委员会召集。

第三条 本办法自2024年1月1日起施行。

第二十二条规定的程序参照执行。
""")
    assert [c.label for c in doc.clauses] == ["第一条", "第二条", "第三条"]
    assert "第一条规定的目的" in doc.clauses[1].text
    assert "第二十二条规定的程序" in doc.clauses[2].text
    assert doc.effective == "2024-01-01"


def test_inserted_articles_and_jumps(tmp_path):
    doc = _load_text(tmp_path, """某条例

第一条 甲。

第二条 乙。

第二条之一 插入的条文。

第三条 丙。
""")
    assert [c.label for c in doc.clauses] == ["第一条", "第二条", "第二条之一", "第三条"]


def test_policy_items_with_title_only_levels(tmp_path):
    doc = _load_text(tmp_path, """某县关于推进实用性村庄规划编制的实施意见

为贯彻落实乡村振兴战略，现提出如下意见。

一、总体要求

（一）指导思想

坚持以人民为中心，统筹发展和安全。

（二）工作目标

到2025年，实现村庄规划应编尽编。

二、重点任务

（三）优化村庄布局

1.科学划分村庄类型，分为集聚提升类、城郊融合类、特色保护类和搬迁撤并类；

2.合理确定村庄建设边界。

（四）加强耕地保护

严格落实耕地和永久基本农田保护任务。
""")
    assert doc.kind == "政策文件"
    assert doc.issuing_body == "某县"
    labels = [c.label for c in doc.clauses]
    assert labels == ["（一）", "（二）", "（三）", "（四）"]
    assert doc.clauses[2].path == ("二、重点任务",)
    assert "2.合理确定村庄建设边界" in doc.clauses[2].text
    assert doc.clauses[0].title == "指导思想"
    assert doc.preamble is not None and doc.preamble.text.startswith("为贯彻落实")


def test_unstructured_text_becomes_paragraph_units(tmp_path):
    paras = [f"这是第{n}段关于村庄人居环境整治的说明，涉及生活污水、垃圾收集与处理和厕所改造等内容。" * 3
             for n in range(1, 9)]
    doc = _load_text(tmp_path, "\n\n".join(paras))
    assert doc.mode == "paragraphs"
    assert len(doc.clauses) >= 3
    assert "".join(c.text.replace("\n", "") for c in doc.units()) == "".join(paras)


def test_long_unit_is_split_on_sentence_boundaries():
    from ingest.clause import Clause

    text = "第十条 " + "".join(f"村庄规划应当落实第{n}项要求，明确相应的管控措施。" for n in range(1, 40))
    clause = Clause(doc_id="d", doc_title="某条例", label="第十条", text=text, path=("第二章 规划",),
                    start=100, end=100 + len(text), seq=10)
    parts = split_clause(clause, max_chars=200)
    assert len(parts) > 1
    assert "".join(p.text for p in parts) == text
    for n, p in enumerate(parts, start=1):
        assert len(p.text) <= 200
        assert p.text.endswith("。")
        assert (p.label, p.path, p.part, p.parts) == ("第十条", ("第二章 规划",), n, len(parts))
        assert text[p.start - 100:p.end - 100] == p.text
    assert parts[0].id != parts[1].id


def test_clause_offsets_point_into_cleaned_text(corpus_docs):
    for doc in corpus_docs.values():
        for c in doc.units():
            assert doc.text[c.start:c.end] == c.text


def test_metadata_overrides(tmp_path):
    path = tmp_path / "某村规划.md"
    path.write_text("# 某村规划\n\n## 1 总则\n\n规划范围为某村村域。\n", encoding="utf-8")
    doc = load(path, title="某某村村庄规划", kind="规划", region="浙江省湖州市", issuing_body="某镇人民政府")
    assert (doc.title, doc.kind, doc.region, doc.issuing_body) == ("某某村村庄规划", "规划", "浙江省湖州市", "某镇人民政府")
    assert doc.clauses[0].doc_title == "某某村村庄规划"
    with pytest.raises(ValueError):
        load(path, kind="小说")


def test_a_table_printed_among_the_text_does_not_become_the_parent_of_the_chapters_after_it(tmp_path):
    """A PDF sets 附表1 规划指标表 right after the article that mentions it; 第三章 after it resumes
    the text, so its articles are under 第三章 alone. An 附件 at the end keeps what follows it."""
    path = tmp_path / "plan.txt"
    path.write_text("某某县某某镇溪岭村村庄规划（2021—2035年）\n\n第一章 总则\n\n第一条 规划范围\n溪岭村行政村域。\n\n"
                    "第二章 目标定位\n\n第二条 规划指标\n规划指标见附表1。\n\n附表1 规划指标表\n"
                    "序号 | 指标名称 | 单位 | 基期 | 目标\n1 | 耕地保有量 | 公顷 | 76.85 | 76.85\n\n"
                    "第三章 空间布局\n\n第三条 生态保护红线\n生态保护红线286.74公顷，红线内禁止开发建设。\n\n"
                    "第四章 实施保障\n\n第四条 村民参与\n规划经村民代表会议讨论通过。\n\n附件 村民代表会议决议\n"
                    "第一条 会议于2022年10月20日召开。\n", encoding="utf-8")
    units = {(u.label, u.title): u.path for u in load(path).units()}
    assert units[("第三条", "生态保护红线")] == ("第三章 空间布局",)
    assert units[("第四条", "村民参与")] == ("第四章 实施保障",)


def test_tables_printed_among_a_county_site_page_do_not_swallow_the_sections_after_them(tmp_path):
    """A county site's page numbers its sections 一、二、三、, some with sub-items, some without;
    附表1 after 二、 and 附表3 after 十一、 are closed by 三、 and 四、, whether those are headings
    or sections with their own text."""
    path = tmp_path / "plan.html"
    path.write_text(
        "<html><body><div class='content'><h1>某某县某某镇双溪村村庄规划（2021—2035年）</h1>"
        "<p><strong>一、总则</strong></p><p><strong>（一）规划范围</strong></p><p>规划范围为双溪村行政村域。</p>"
        "<p><strong>二、村庄定位与发展目标</strong></p><p><strong>（一）村庄定位</strong></p>"
        "<p>双溪村为特色保护类村庄。</p><p><strong>（二）规划指标</strong></p><p>各项指标详见附表1。</p>"
        "<p>附表1 规划指标表</p><table><tr><td>指标名称</td><td>目标年</td></tr><tr><td>耕地保有量</td><td>96.60</td></tr></table>"
        "<p><strong>三、国土空间布局</strong></p><p><strong>（一）三区三线</strong></p><p>落实永久基本农田72.18公顷。</p>"
        "<p><strong>四、人居环境整治</strong></p><p>建设污水管网2.4公里。</p>"
        "<p><strong>五、近期建设项目</strong></p><p>近期安排建设项目7项，详见附表3。</p>"
        "<p>附表3 近期建设项目表</p><table><tr><td>项目名称</td><td>建设年限</td></tr><tr><td>污水管网</td><td>2023年</td></tr></table>"
        "<p><strong>六、规划审批</strong></p><p>规划草案在村内公示不少于30日。</p>"
        "<p><strong>七、规划实施保障</strong></p><p><strong>（一）用途管制</strong></p><p>实行准入管理。</p>"
        "</div></body></html>", encoding="utf-8")
    units = {u.title: u.path for u in load(path).units()}
    assert units["三区三线"] == ("三、国土空间布局",)
    assert units["人居环境整治"] == ()
    assert units["规划审批"] == ()
    assert units["用途管制"] == ("七、规划实施保障",)
    assert not any(p and p[0].startswith("附表") for p in units.values())


def test_a_toc_numbering_only_some_articles_leaves_the_other_sections_their_own_units(tmp_path):
    """The 目录 lists 第一条, 第二条 and chapters; the body's headings carry no numbers and most
    sections have no article of their own. Each heading with text is a unit: 规划范围 and
    第三章's 三区三线 are not swallowed by 第二条 规划依据."""
    path = tmp_path / "plan.md"
    path.write_text(
        "# 某县某镇青杠坝村村庄规划（2021—2035年）\n\n# 目 录\n\n第一章 总则 ........1\n\n第一条 规划目的 ........1\n\n"
        "第二条 规划依据 ........1\n\n第二章 发展定位与目标 ........3\n\n第三章 国土空间布局 ........5\n\n"
        "# **总 则**\n\n## **规划目的**\n\n为落实乡村振兴战略，编制本规划。\n\n## **规划依据**\n\n1.《中华人民共和国土地管理法》；\n\n"
        "## **规划范围**\n\n规划范围为青杠坝村行政村域，村域面积1,086.40公顷。\n\n"
        "# **发展定位与目标**\n\n青杠坝村为集聚提升类村庄。\n\n"
        "# **国土空间布局**\n\n## **三区三线**\n\n落实耕地保有量313.10公顷。\n", encoding="utf-8")
    units = {(u.label, u.title): (u.path, u.text) for u in load(path).units()}
    assert "规划范围为" not in units[("第二条", "规划依据")][1]
    assert units[("规划范围", "规划范围")][0] == ("第一章 总则",)
    assert "集聚提升类" in units[("第二章", "发展定位与目标")][1]
    path_, text = units[("三区三线", "三区三线")]
    assert path_ == ("第三章 国土空间布局",) and "313.10" in text


def test_a_figure_broken_from_its_words_at_a_line_end_is_read_with_them(tmp_path):
    from gapcheck.procedure import check_procedure

    path = tmp_path / "plan.txt"
    path.write_text("某某县某某镇溪岭村村庄规划（2021—2035年）\n\n第一章 总则\n\n第一条 规划范围\n溪岭村行政村域。\n\n"
                    "附件 村民代表会议决议\n溪岭村于2022年10月20日召开村民代表会议，审议村庄规划（草案）。\n应到代表\n"
                    "29人，实到\n26人，赞成票24票，反对票1票，弃权票1票，会议通过规划草案。\n", encoding="utf-8")
    m = check_procedure(load(path)).meeting
    assert (m.status, m.total, m.attended, m.votes_for) == ("ok", 29, 26, 24)


@pytest.mark.parametrize("goals", [
    # the nested run reaches the outer item's next number: （四） could continue either run
    "（一）守住耕地。耕地面积不减少。\n（二）产业兴旺。建成茶叶加工厂。\n（三）民宿起步。民宿床位达到120张。\n"
    "（四）环境改善。生活污水处理率达到75%。\n",
    # it stops short of it: （三）民宿起步 and （四）规划指标 sit side by side
    "（一）守住耕地。耕地面积不减少。\n（二）产业兴旺。建成茶叶加工厂。\n（三）民宿起步。民宿床位达到120张。\n",
], ids=["inner-run-reaches-the-outer-number", "inner-run-stops-short"])
def test_items_renumbered_under_a_bare_item_of_the_same_style_are_nested_in_it(tmp_path, goals):
    """（三）发展目标 followed at once by （一）（二）… : the goals are its parts, and （四）规划指标
    after them is the outer fourth item, its own unit, not text of the last goal."""
    doc = _load_text(tmp_path, "某县双溪村村庄规划（2021—2035年）\n一、总则\n（一）规划范围\n双溪村行政村域。\n"
                     "二、村庄定位与发展目标\n（一）现状概况\n2020年户籍人口1312人。\n（二）村庄定位\n特色保护类村庄。\n"
                     "（三）发展目标\n" + goals + "（四）规划指标\n村庄建设用地规模21.94公顷。\n"
                     "三、国土空间布局\n（一）三区三线\n永久基本农田72.18公顷。\n")
    units = [(u.label, u.title, u.path, u.text) for u in doc.units()]
    under_goals = [u for u in units if u[2] == ("二、村庄定位与发展目标", "（三）发展目标")]
    assert [u[1] for u in under_goals][:3] == ["守住耕地", "产业兴旺", "民宿起步"]
    indicators = [u for u in units if u[1] == "规划指标"]
    assert len(indicators) == 1 and indicators[0][2] == ("二、村庄定位与发展目标",)
    assert "21.94" in indicators[0][3] and all("21.94" not in u[3] for u in under_goals)
    assert [u for u in units if u[1] == "三区三线"][0][2] == ("三、国土空间布局",)


def test_an_attachment_printed_among_the_text_is_closed_by_a_later_chapter_even_when_one_is_left_out(tmp_path):
    """附表2 after 第三章's text, then 第五章 (a draft without 第四章): the chapters after it are
    the text's, not parts of the 附表."""
    doc = _load_text(tmp_path, "某县某村村庄规划（2021—2035年）\n第一章 总则\n第一条 规划范围\n某村行政村域。\n"
                     "第三章 国土空间布局\n第二条 用地结构调整\n村庄建设用地减少0.58公顷。\n附表2 土地利用结构调整表\n"
                     "地类 | 基期年 | 目标年\n耕地 | 18.20 | 18.40\n第五章 产业发展\n第三条 产业布局\n主导产业为脐橙种植。\n")
    units = {u.label: u for u in doc.units()}
    assert units["第三条"].path == ("第五章 产业发展",)


def test_a_skipped_item_number_still_starts_an_item_of_the_same_shape(tmp_path):
    """（三）耕地保护。… followed by （五）用途管制。… (a number skipped, as in a revised plan) is the
    next item, not the end of （三）; a （五） of another shape (text only) is not taken for one."""
    doc = _load_text(tmp_path, "某村村庄规划\n\n三、国土空间布局\n\n（一）空间格局。形成一河两塬格局。\n\n"
                     "（二）生态保护。落实生态保护红线236.50公顷。\n\n（三）耕地保护。耕地保有量1486.75公顷。\n\n"
                     "（五）用途管制。村庄建设边界内按规划用途建设，边界外不得进行集中建设。\n")
    assert [c.label for c in doc.clauses][-4:] == ["（一）", "（二）", "（三）", "（五）"]
    assert "用途管制" not in next(c for c in doc.clauses if c.label == "（三）").text
