"""Is a document a village plan at all? A status-quo survey (现状调查报告), a development
programme (实施方案) or a project note (项目简介) about a village is not one, and checking it
against the plan requirements would give a column of statuses that mean nothing.

A village plan states a planning period (基期年/目标年, 2021—2035年), carries a 规划指标表,
lays down the three control lines and land-use control (生态保护红线, 永久基本农田, 村庄建设边界,
用途管制) and records how it was agreed (村民会议/村民代表会议, 公示, 审批). Its title says
规划. A document whose title names another kind, or which has fewer than two of those marks,
is reported as not a plan, with the reasons; so is one titled otherwise (a county's or the
nation's plan, a list of sources about plans) unless it carries three of the marks and speaks as
the plan (本规划…, 规划期限为…).
"""
from __future__ import annotations

import re

from ingest import Document

PLAN_TITLE = re.compile(r"(?<!乡)村(?:庄)?(?:建设)?规划|(?<!乡)村\S{0,12}规划[（(]\s*20\d\d|(?<!乡)村\S{0,10}国土空间规划")  # not 乡村振兴规划
OTHER_TITLE = re.compile(r"实施方案|工作方案|行动方案|建设方案|培育方案|简介|情况介绍|基本情况|现状调查|调查报告|现状报告|现状分析"
                         r"|项目资料|项目简介|项目建议书|可行性研究|汇报|总结|申报|请示|通知"
                         # a document on the plan: what was decided, published or said about it
                         r"|决议|纪要|报告|意见|批复|公示|公告|通告|评估|磋商|招标|采购|中标|获批|出炉|解读|读懂")
# a plan of another level or kind (攸县皇图岭镇国土空间总体规划, 溪源村乡村振兴发展规划): not the village plan
HIGHER_PLAN = re.compile(r"(?:省|市|州|盟|县|区|旗|镇|乡|街道)(?:级)?(?:国土空间)?总体规划")
PROGRAMME = re.compile(r"振兴(?:\S{0,4})规划|发展规划|产业规划|旅游规划|保护规划|专项规划")
VILLAGE_PLAN = re.compile(r"村庄规划|村规划|村庄建设规划|村\S{0,6}国土空间规划")
# a report's voice: a news story or a public-account post about the plan, not the plan
NEWS = re.compile(r"记者|本报讯|通讯员|据了解|据悉|关注我们|点击上方|阅读原文|小编|原创|走进|今年以来|下一步|说：“|表示，")
# a plan's own name: …村庄规划, its period and 草案 at most after it
PLAN_NAME = re.compile(r"村(?:庄)?(?:建设)?规划\s*(?:[（(]\s*20\d\d[^）)]{0,12}[）)])?\s*(?:[（(]草案[）)])?$")
PERIOD = re.compile(r"规划期限|规划基期|基期年|目标年|规划期末|(?:19|20)\d\d\s*年?\s*[—–~～至\-]+\s*(?:19|20)\d\d\s*年")
TABLE = re.compile(r"规划指标表|规划目标表|主要规划指标|指标表|^.* \| .*(?:约束性|预期性)", re.M)
LINES = re.compile(r"生态保护红线|永久基本农田|城镇开发边界|村庄建设边界|用途管制|三条控制线|三线")
RECORD = re.compile(r"村民会议|村民代表会议|公示|批准|审批|报批|审查通过|征求意见")
# a plan speaks as the plan: 本规划…, 规划范围为…, 规划期限为…; a text about plans does not
SELF = re.compile(r"本规划|本次规划|规划范围为|规划范围是|规划期限为|规划期限是|规划期限[：:]")

SIGNALS = (
    (PERIOD, "未载明规划期限（基期年、目标年）"),
    (TABLE, "没有规划指标表（约束性、预期性指标）"),
    (LINES, "未落实“三线”和国土空间用途管制（生态保护红线、永久基本农田、村庄建设边界）"),
    (RECORD, "没有村民会议或村民代表会议讨论、公示、审批的记录"),
)
MIN_SIGNALS = 3          # marks a document needs when its title does not name a village plan


def plan_kind(doc: Document) -> tuple[bool, list[str]]:
    """(is a village plan, the reasons it is not: one line each, in Chinese).

    Not a plan: a title naming another kind of document (实施方案, 简介, 现状调查报告 …), or
    none of a plan's marks in a document titled a village plan, or fewer than `MIN_SIGNALS`
    in one whose title does not say what it is. The marks are
    looked for in the whole text; the title is the document's title, else its first line.
    """
    title = doc.title or next((ln.strip() for ln in doc.text.split("\n") if ln.strip()), "")
    missing = [reason for pattern, reason in SIGNALS if not pattern.search(doc.text)]
    marks = len(SIGNALS) - len(missing)
    inner = _reproduced_plan(doc.text, title)
    if inner:   # a 公示 page that reproduces the plan's full text under its own title
        title = inner
    other = list(dict.fromkeys(m.group(0) for m in OTHER_TITLE.finditer(title)))
    if other:
        return False, [f"标题“{title}”表明是{'、'.join(other)}，不是村庄规划", *missing]
    sub = _subtitle_kind(doc.text, title)
    if sub:
        return False, [f"副标题“{sub[0]}”表明是{sub[1]}，不是村庄规划本身", *missing]
    if not VILLAGE_PLAN.search(title) and (m := HIGHER_PLAN.search(title) or PROGRAMME.search(title)):
        return False, [f"标题“{title}”表明是{m.group(0)}，不是村庄规划", *missing]
    news = list(dict.fromkeys(m.group(0) for m in NEWS.finditer(doc.text)))
    if len(news) >= 2:
        return False, [f"正文是新闻报道或宣传稿（{'、'.join(news[:3])}），不是规划本身", *missing]
    planned = bool(PLAN_TITLE.search(title))
    speaks = bool(SELF.search(doc.text))
    if marks >= (1 if planned else MIN_SIGNALS) and (planned or speaks):
        return True, []
    return False, ([] if planned else [f"标题“{title}”未表明是村庄规划"]) + missing \
        + ([] if planned or speaks else ["正文没有以规划身份作出安排（如“本规划”“规划期限为”）"])


# the line under a plan's name that says what the document is (中期成果汇报, 编制工作方案): a stage
# of the plan's making, not the plan (a cover's 公示稿 or 草案 is the plan)
SUBTITLE_KIND = re.compile(r"汇报|工作方案|实施方案|调查报告|调研报告|现状报告|项目建议书|可行性研究|任务书")


def _subtitle_kind(text: str, title: str) -> tuple[str, str] | None:
    """(subtitle, kind) when one of the short lines right after the title names another kind of
    document (土默特右旗…沟门村村庄规划 over 中期成果汇报)."""
    lines = [ln.strip().strip("#*").strip() for ln in text.split("\n") if ln.strip()]
    start = next((n + 1 for n, ln in enumerate(lines[:5]) if ln == title), 0)
    for line in lines[start:start + 3]:
        if len(line) <= 16 and (m := SUBTITLE_KIND.search(line)) and not PLAN_TITLE.search(line):
            return line, m.group(0)
    return None


def _reproduced_plan(text: str, title: str) -> str:
    """The plan's own title where a document titled otherwise (关于…村庄规划…的公示) reproduces the
    plan's text under it: a line that is only the plan's name, with the plan after it; "" if none."""
    if not OTHER_TITLE.search(title):
        return ""
    lines = text.split("\n")
    for n, line in enumerate(lines[:40]):
        name = line.strip()
        if name != title and len(name) <= 40 and PLAN_NAME.search(name) and not OTHER_TITLE.search(name) \
                and not re.search(r"[《》，。；：]|关于", name) and len("".join(lines[n + 1:])) >= 600:
            return name
    # a 批前公示 that runs the plan's own chapters or articles under its notice paragraph (关于…村庄规划
    # …的批前公示 / 现将《…》予以公示 / 第一章 总则 / 第一条 …), not a summary of its main points
    named = re.search(r"《([^》]{4,40})》|关于(.{4,40}?)的", title)
    name = next((g for g in named.groups() if g), "") if named else ""
    if re.search(r"公示|公告", title) and not re.search(r"批复|决议|意见|报告", title) and VILLAGE_PLAN.search(name):
        chapters = len(re.findall(r"^\s*第[一二三四五六七八九十]+章", text, re.M))
        articles = len(re.findall(r"^\s*第[一二三四五六七八九十百]+条", text, re.M))
        if (chapters >= 2 or articles >= 3) and len(text) >= 1500:
            return name
    return ""
