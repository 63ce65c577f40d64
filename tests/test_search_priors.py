"""Ranking priors as a user meets them (issue 12): a county 办法 uploaded into the bundled
knowledge base is found first by its own words, while general questions that name no region
still get national law first."""
from __future__ import annotations

import pytest
from conftest import bundled_plus_upload

from index.lifecycle import BUNDLED_ROOT, edit
from index.search import LOCAL_RULE_KINDS, Index

COUNTY_ID = "常山县农村闲置农房激活利用管理办法"
# written like the 办法 a county government office issues (浙江省衢州市常山县)
COUNTY_RULES = """常山县农村闲置农房激活利用管理办法

常山县人民政府办公室
2022年6月20日印发

第一条 为盘活利用农村闲置农房和闲置宅基地，增加农民财产性收入，促进乡村振兴和共同富裕，根据《中华人民共和国土地管理法》《浙江省土地管理条例》等法律法规和有关政策规定，结合本县实际，制定本办法。

第二条 本办法所称闲置农房，是指本县行政区域内农村集体经济组织成员依法取得、连续闲置一年以上且房屋结构安全的住宅及其附属用房。

第三条 闲置农房激活利用应当坚持农民自愿、依法有序、集体主导、保护优先的原则，不得违法违规买卖宅基地，不得利用农村宅基地建设别墅大院和私人会馆。

第四条 县农业农村局负责全县闲置农房激活利用的统筹协调和监督管理；县自然资源和规划局负责规划管控、用地审批和不动产登记；各乡镇人民政府负责本辖区闲置农房的摸底调查、收储组织和日常监管。

第五条 乡镇人民政府应当会同村股份经济合作社建立闲置农房台账，载明房屋坐落、权属、面积、结构、闲置年限和农户意愿，每年更新一次，并报县农业农村局备案。

第六条 农户可以将闲置农房委托村股份经济合作社统一收储，由“两山合作社”统一招商、统一运营。收储期限一般为十年，最长不超过二十年，期满后房屋及宅基地使用权按原状返还农户。

第七条 闲置农房经营收益按照农户百分之七十、村股份经济合作社百分之二十、“两山合作社”百分之十的比例分配。村股份经济合作社所得收益应当纳入村集体经济收入，主要用于村内公益事业和基础设施维护。

第八条 利用闲置农房发展民宿、农家乐、文化创意等业态的，应当符合村庄规划和风貌管控要求，不得擅自改变房屋主体结构和外立面，不得新增建筑占地面积。

第九条 农户将闲置农房出租给经营主体的，租赁合同应当采用县农业农村局制定的示范文本，租赁期限不得超过二十年，并到村股份经济合作社备案。

第十条 县财政每年安排闲置农房激活专项资金，对收储改造投入超过五十万元的项目，按照改造投入的百分之十五给予一次性补助，单个项目补助不超过三十万元。

第十一条 经营主体在激活利用过程中违反本办法规定，擅自拆建、扩建或者改变用途的，由乡镇人民政府责令限期整改；拒不整改的，村股份经济合作社可以依法解除收储或者租赁合同。

第十二条 本办法自2022年7月1日起施行，由县农业农村局负责解释。
"""

# phrases only the county 办法 contains, and the article each should open
OWN_PHRASES = {
    "两山合作社统一收储": "第六条",
    "闲置农房激活专项资金补助": "第十条",
    "闲置农房经营收益分配比例": "第七条",
    "闲置农房出租的租赁期限": "第九条",
}
# general questions naming no region: national law first, county upload or not
NATIONAL_FIRST = {
    "农村村民一户只能拥有几处宅基地": ("土地管理法", "第六十二条"),
    "宅基地面积标准": ("土地管理法", "第六十二条"),
}


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """The bundled corpus plus the county 办法, uploaded the way the 文库 page saves files."""
    return bundled_plus_upload(tmp_path_factory.mktemp("kb"), COUNTY_ID, COUNTY_RULES)


@pytest.fixture(scope="module")
def index(home):
    opened = Index.open(home)
    yield opened
    opened.close()


def test_the_upload_is_a_local_rule_the_user_added(index):
    record = index.by_id[COUNTY_ID]
    assert record.region.startswith("浙江省") and record.kind in LOCAL_RULE_KINDS  # a county 办法: 规范性文件
    assert record.source_root != BUNDLED_ROOT
    assert index.by_id["衢州市农村住房建设管理条例"].source_root == BUNDLED_ROOT


@pytest.mark.parametrize(("query", "label"), OWN_PHRASES.items())
def test_a_phrase_only_the_upload_contains_finds_it_first(index, query, label):
    hit = index.search(query, k=10)[0]
    assert (hit.clause.doc_id, hit.clause.label) == (COUNTY_ID, label), query


@pytest.mark.parametrize(("query", "expected"), NATIONAL_FIRST.items())
def test_general_questions_still_get_national_law_first(index, query, expected):
    hits = index.search(query, k=10)
    assert (hits[0].clause.doc_id, hits[0].clause.label) == expected
    assert not index.by_id[hits[0].clause.doc_id].region


def test_a_bundled_local_rule_is_found_by_its_own_word(index):
    """运维 occurs in one bundled document only, the 浙江 sewage regulation: the national-law prior
    no longer puts 水污染防治法 before it."""
    hit = index.search("农村生活污水处理设施运维", k=10)[0]
    assert hit.clause.doc_id == "浙江省农村生活污水处理设施管理条例"


def test_corrected_metadata_keeps_the_upload_first(home, index):
    """The user marks the upload as a 政策文件 of 浙江省衢州市常山县 in 文库: still found first,
    and a question naming another province puts it behind that province's rules."""
    edit(home, COUNTY_ID, kind="政策文件", region="浙江省衢州市常山县")
    edited = Index.open(home)
    try:
        record = edited.by_id[COUNTY_ID]
        assert (record.kind, record.region) == ("政策文件", "浙江省衢州市常山县")
        hit = edited.search("两山合作社统一收储", k=10)[0]
        assert (hit.clause.doc_id, hit.clause.label) == (COUNTY_ID, "第六条")
        guangdong = edited.search("广东 宅基地面积标准", k=10)
        assert guangdong[0].clause.doc_id.startswith("广东省")
        assert all(h.clause.doc_id != COUNTY_ID for h in guangdong[:5])
    finally:
        edited.close()
