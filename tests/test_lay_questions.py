"""Lay questions without a language model (issue 16 item 3): question forms read as the words a
statute uses for them, on the bundled corpus with the real model.

NEW_LAY holds 25 questions in everyday words written from the documents after the tuning was
done on the development questions (none of their gold articles is a gold article of the dev
sets). They check that what was kept on dev does not hurt questions it was not tuned on; they
also decided one switch: pseudo-relevance feedback helped dev but lowered these (MRR@10 0.61 ->
0.53), so it stays off (docs/search_quality.md).
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from index.hybrid import SearchTuning
from index.lifecycle import BUNDLED_INDEX
from index.query import analyse, question_terms
from index.search import Index
from ingest.settings import Settings

# (question, document, article)
NEW_LAY = (
    ("我们全家搬到城里落户了，村里说要收回我家的承包地，能这样吗？", "农村土地承包法", "第二十七条"),
    ("村里想把各家的承包地重新调一调，承包期内能随便调地吗？", "农村土地承包法", "第二十八条"),
    ("我家的地转包给别人种，收的租金归谁？价钱谁定？", "农村土地承包法", "第三十九条"),
    ("村委会主任办事不公道，村民能不能把他罢免？要多少人同意？", "村民委员会组织法", "第十六条"),
    ("自家房前屋后种的几棵树想砍掉，要不要去办采伐证？", "森林法", "第五十六条"),
    ("发大水把宅基地冲没了，村里还给不给重新分一块？", "民法典物权编", "第三百六十四条"),
    ("城里的房子被征收，是不是得先给补偿才能让我们搬走？", "国有土地上房屋征收与补偿条例", "第二十七条"),
    ("买了二手房去办过户登记，卖房的人不来，我一个人能办吗？", "不动产登记暂行条例", "第十四条"),
    ("不想当集体经济组织成员了，能不能自己退出？", "农村集体经济组织法", "第十六条"),
    ("外地来的人在村里干了很多年，对村里贡献大，能不能也享受村民的待遇？", "农村集体经济组织法", "第十五条"),
    ("承包地流转出去了，跟村里的承包关系还算不算我的？", "农村土地承包法", "第四十四条"),
    ("用承包地的经营权能去银行贷款吗？", "农村土地承包法", "第四十七条"),
    ("跟村里签的承包合同，换了村干部就要改合同，这样行吗？", "农村土地承包法", "第二十五条"),
    ("邻居新盖的楼挡住了我家的阳光，这种情况法律管不管？", "民法典物权编", "第二百九十三条"),
    ("我家要从邻居的地里走才能出门，邻居不让过，怎么办？", "民法典物权编", "第二百九十一条"),
    ("办房产证的登记费是按房子面积收的吗？", "民法典物权编", "第二百二十三条"),
    ("修路的施工队临时占了我们村的地，要谁批准？能占多久？", "土地管理法", "第五十七条"),
    ("两个村为了一块地归谁吵了好多年，该找谁解决？", "土地管理法", "第十四条"),
    ("没经过批准就在村里的地上盖了房子，会怎么处理？", "土地管理法", "第七十八条"),
    ("进城买房落户了，老家的宅基地能不能退给村里换点钱？", "土地管理法实施条例", "第三十五条"),
    ("村干部把征地补偿款挪去用了，会受什么处罚？", "土地管理法实施条例", "第六十四条"),
    ("开村民会议要来多少人才算数？", "村民委员会组织法", "第二十二条"),
    ("村委会有个委员辞职了，空出来的位置怎么补？", "村民委员会组织法", "第十九条"),
    ("开矿把耕地挖坏了，谁负责把地恢复好？", "土地管理法", "第四十三条"),
    ("重点工程占了基本农田一年多都没动工，这块地能不能先拿回来种？", "基本农田保护条例", "第十八条"),
)
BEFORE = replace(SearchTuning(), units=False, strong_evidence=False, reformulate=False)  # as before issue 16


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    index = Index(BUNDLED_INDEX, Settings.from_env(home=tmp_path_factory.mktemp("kb")))
    yield index
    index.close()


def _ranks(index: Index) -> list[int | None]:
    results = index.search_many([q for q, _, _ in NEW_LAY], k=10)
    return [next((h.rank for h in hits if (h.clause.doc_id, h.clause.label) == (doc, label)), None)
            for (_, doc, label), hits in zip(NEW_LAY, results)]


def _mrr(ranks: list[int | None]) -> float:
    return sum(1 / r for r in ranks if r) / len(ranks)


@pytest.mark.parametrize(("question", "words"), [
    ("不想搬能不能拒绝？", {"允许", "禁止", "不得"}),
    ("老房子算不算历史建筑？", {"属于", "是指"}),
    ("房子漏雨了该找谁？", {"程序", "手续", "主管部门", "申请"}),
    ("地被征了一亩地赔多少？", {"补偿标准", "补偿费", "补助"}),
    ("批下来以后多长时间要开工？", {"期限", "日内", "之日起"}),
    ("往河里倒垃圾会被罚吗？", {"罚款", "法律责任", "责令"}),
    ("村里不公开账目，这样合法吗？", {"禁止", "不得"}),
])
def test_a_question_form_brings_the_words_a_statute_uses(question, words):
    assert words <= set(question_terms(question))
    assert words - set(analyse(question).keyword_tokens) <= set(analyse(question).question)


def test_a_question_without_those_forms_brings_nothing():
    assert question_terms("村庄规划草案报送审批前需要履行的公告程序") == []
    assert analyse("土地管理法第六十二条").question == []
    # a form's words the question already uses are not added again
    assert "期限" not in analyse("宅基地批准书的有效期限是多久").question


def test_question_words_reach_the_keyword_query_at_the_expansion_weight(bundled):
    info = analyse("修路临时占地能占多久？")
    weights = bundled._token_weights(info)
    assert weights["期限"] == pytest.approx(SearchTuning().expansion_weight)
    assert "期限" not in bundled.tuned(replace(SearchTuning(), reformulate=False))._token_weights(info)


def test_new_lay_questions_are_found_at_least_as_well_as_before_issue_16(bundled):
    now, before = _ranks(bundled), _ranks(bundled.tuned(BEFORE))
    hit10 = sum(1 for r in now if r) / len(now)
    assert hit10 >= sum(1 for r in before if r) / len(before) and hit10 >= 0.76, (now, before)
    assert _mrr(now) >= _mrr(before) - 0.02 and _mrr(now) >= 0.55, (now, before)


def test_feedback_stays_off_by_default():
    """Pseudo-relevance feedback is a switch (SearchTuning.prf) and off: see the module docstring."""
    assert SearchTuning().prf == 0 and SearchTuning().scope_boost == 1.0 and SearchTuning().rare_weight == 0.0
