"""Plan or not (issue 15, item 3): a document about a village that is not a village plan (a
development programme, a project note, a status-quo survey) is reported as such, with reasons."""
from __future__ import annotations

from pathlib import Path

from gapcheck import check
from gapcheck.plan_kind import plan_kind
from ingest import load, parse_text

REAL = Path(__file__).parent / "data" / "real" / "markdown"
PROGRAMME = REAL / "广东_惠州市博罗县龙溪街道结窝村_基本情况简介及培育实施方案_2024_非法定村庄规划.md"
PROJECT_NOTE = REAL / "广东_惠州市博罗县石湾镇茹屋村_红色水乡示范带项目资料_项目简介.md"
NATIONAL = REAL / "国家_中共中央国务院_乡村全面振兴规划_2024-2027_补充参考.md"

SURVEY = """# 梅县区石坑镇联合村现状调查报告

一、村庄概况
联合村位于石坑镇东部，村域面积1286公顷，其中耕地面积112.5公顷，林地面积980公顷。户籍人口1320人、348户，常住人口760人。

二、用地现状
现状村庄建设用地38.6公顷，人均村庄建设用地292平方米，宅基地多沿河分布，部分房屋闲置。

三、存在问题
村内道路狭窄，污水直排河道，公共服务设施不足，青壮年劳动力外出务工较多。
"""

PLAN = """# 梅县区石坑镇联合村村庄规划（2021—2035年）

第一条　规划期限为2021年至2035年，基期年为2020年。
第二条　落实永久基本农田保护面积98.20公顷，严禁占用。
"""


def test_the_real_development_programme_is_not_a_plan_and_says_why(index, catalogue):
    report = check(PROGRAMME, catalogue, index)
    assert report.is_plan is False
    reasons = "\n".join(report.not_plan_reasons)
    assert "实施方案" in reasons                       # its title says what it is
    assert "规划期限" in reasons and "规划指标表" in reasons and "三线" in reasons
    assert report.warnings[0].startswith("本文件不是村庄规划")
    d = report.to_dict()
    assert d["is_plan"] is False and d["not_plan_reasons"] == report.not_plan_reasons
    assert list(d)[:3] == ["plan", "results", "indicators"]


def test_a_project_note_and_a_survey_are_not_plans():
    is_plan, reasons = plan_kind(load(PROJECT_NOTE))
    assert not is_plan and any("规划期限" in r for r in reasons)
    is_plan, reasons = plan_kind(parse_text(SURVEY, "联合村现状调查报告.md"))
    assert not is_plan and any("现状调查" in r for r in reasons) and any("规划指标表" in r for r in reasons)


def test_a_national_programme_is_not_a_village_plan():
    is_plan, reasons = plan_kind(load(NATIONAL))
    assert not is_plan and any("振兴规划" in r and "不是村庄规划" in r for r in reasons), reasons


def test_a_short_village_plan_is_a_plan():
    assert plan_kind(parse_text(PLAN, "联合村村庄规划.md")) == (True, [])
    # the same survey text titled as a plan but carrying none of a plan's marks is still not one
    is_plan, reasons = plan_kind(parse_text(SURVEY.replace("现状调查报告", "村庄规划"), "联合村.md"))
    assert not is_plan and len(reasons) == 4


NOTES = """# Sources: village documents collected for review

These files were collected to test review tools; they are not statutory plans.

- 结窝村培育实施方案（2024—2027年）: mentions 生态保护红线 and 永久基本农田 only as the county's lines; no 规划指标表.
- 茹屋村项目简介: a project note; its 公示 and 审批 are those of a construction project.
- A county list of approved plans: 各村村庄规划均已公示并报县人民政府批准.
"""


def test_a_text_about_plans_is_not_a_plan():
    """A list of sources, a README or a review note names plans, periods, 三线 and 公示 without
    being one: with a title that does not name a village plan, the text must also speak as the
    plan (本规划…, 规划期限为…)."""
    is_plan, reasons = plan_kind(parse_text(NOTES, "SOURCES.md"))
    assert not is_plan and any("未表明是村庄规划" in r for r in reasons) and any("本规划" in r for r in reasons)
    # an untitled plan that does speak as one is still a plan
    untitled = PLAN.replace("# 梅县区石坑镇联合村村庄规划（2021—2035年）\n", "") + "第三条　本规划经村民代表会议讨论通过，公示30日。\n"
    assert plan_kind(parse_text(untitled, "联合村.md"))[0]


BODY = ("规划范围为联合村村域，面积1,286公顷。规划期限为2021—2035年，基期年为2020年。\n"
        "耕地保有量不低于112.50公顷，永久基本农田保护面积98.20公顷，生态保护红线内禁止开发性建设活动。\n"
        "村庄建设用地控制在36.80公顷以内，新建住房须在村庄建设边界内选址，每户宅基地不超过150平方米。\n"
        "规划草案公示30日，经村民代表会议讨论同意后报县人民政府审批。\n")


def test_documents_about_a_plan_are_not_the_plan():
    """A 批复, a 公示 notice, an expert 审查意见, an 实施评估报告, a 决议, a news story or a tender notice
    names the plan and quotes its figures; a township's 国土空间总体规划 or a 乡村振兴发展规划 is
    another plan. None is the village plan."""
    titles = ("某县人民政府关于某镇联合村村庄规划（2021—2035年）的批复",
              "关于《某镇联合村村庄规划（2021—2035年）》（草案）的批前公示",
              "《某镇联合村村庄规划（2021—2035年）》成果专家审查意见",
              "某镇联合村村庄规划（2021—2035年）实施评估报告",
              "联合村村民代表会议决议（2023年第2次）",
              "联合村村庄规划获批 绘就乡村振兴新蓝图",
              "某县某镇联合村等4个村村庄规划编制技术服务项目竞争性磋商公告",
              "某县某镇国土空间总体规划（2021—2035年）",
              "某镇联合村乡村振兴发展规划（2024—2027年）")
    for title in titles:
        is_plan, reasons = plan_kind(parse_text(f"# {title}\n\n{BODY}", "doc.md"))
        assert not is_plan and title.replace(" ", "") in reasons[0], (title, reasons)


def test_a_news_story_without_a_telling_title_is_told_by_its_voice():
    story = ("# 联合村的未来图定了\n\n点击上方蓝字关注我们\n\n近日，联合村的规划获批。据了解，" + BODY
             + "“规划是我们自己定的。”村民老李告诉记者。\n")
    is_plan, reasons = plan_kind(parse_text(story, "post.md"))
    assert not is_plan and "新闻报道或宣传稿" in reasons[0]


def test_a_notice_page_that_reproduces_the_whole_plan_is_the_plan():
    """关于…的公示 over the plan's own title and its full text: the plan, published; a notice that
    only summarises it (规划草案拟定…) is not."""
    whole = ("# 关于某镇联合村村庄规划（2021—2035年）的公示\n\n现将规划全文公示如下，公示时间30日。\n\n"
             "某镇联合村村庄规划（2021—2035年）\n\n" + "\n".join(f"第{n}条 {BODY}" for n in "一二三四五六"))
    assert plan_kind(parse_text(whole, "page.md")) == (True, [])
    summary = ("# 关于某镇联合村村庄规划（2021—2035年）的公示\n\n现将规划草案主要内容予以公示。规划草案拟定"
               + BODY)
    assert not plan_kind(parse_text(summary, "notice.md"))[0]


def test_a_pre_approval_notice_running_the_plans_chapters_is_the_plan():
    """关于…村庄规划（2021—2035年）的批前公示, one notice paragraph, then the plan's own chapters and
    articles: the plan, published (the county site's way); the same notice over 一、公示时间 /
    二、规划主要内容 sections is a summary, not the plan."""
    notice = ("# 关于某县某镇联合村村庄规划（2021—2035年）的批前公示\n\n根据《中华人民共和国城乡规划法》，现将"
              "《某县某镇联合村村庄规划（2021—2035年）》予以批前公示，公示期30日。\n\n")
    chapters = "".join(f"## 第{c}章 总则{c}\n\n### 第{a}条 规定\n\n{BODY.replace('。', f'（{c}）。')}\n\n" for c, a in zip("一二三四五六七八", "一二三四五六七八"))
    assert plan_kind(parse_text(notice + chapters, "page.md")) == (True, [])
    summary = "".join(f"## {c}、内容{c}\n\n{BODY.replace('。', f'（{c}）。')}\n\n" for c in "一二三四五六七八")
    assert not plan_kind(parse_text(notice + summary, "notice.md"))[0]
    reply = chapters.replace("总则", "批复")
    assert not plan_kind(parse_text(notice.replace("批前公示", "批复") + reply, "reply.md"))[0]


def test_a_stage_report_under_the_plans_name_is_not_the_plan():
    # the plan's own name on top, 中期成果汇报 under it: slides on the making of the plan
    text = ("# 某某县某某镇石门村村庄规划（2021—2035年）\n\n## 中期成果汇报\n\n某某规划设计院\n\n"
            "### 第2页 工作进展\n\n- 规划期限拟为2021—2035年，规划方案和各项指标尚未确定。\n\n"
            "### 第3页 上位规划要求\n\n- 落实永久基本农田和生态保护红线，村民代表会议讨论后公示。\n")
    is_plan, reasons = plan_kind(parse_text(text, "石门村.md"))
    assert not is_plan and "中期成果汇报" in reasons[0]
    # the same name over a cover line saying 公示稿 is the plan itself
    cover = text.replace("## 中期成果汇报", "## （公示稿）").replace("规划方案和各项指标尚未确定", "本规划确定各项指标")
    assert plan_kind(parse_text(cover, "石门村.md"))[0]
