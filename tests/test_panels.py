"""ingest.panels on real excerpts: Beijing panels, Guangzhou page panels and meta tags."""
from __future__ import annotations

from ingest import panels
from ingest.panels import Panel


def test_bracketed_panel_lines():
    lines = ["政务公开 > 政策服务", "[发文机构]北京市农业农村局", "[发文字号]京农发〔2025〕21号",
             "[成文日期]2025-03-31", "[发布日期]2025-04-03", "[有效性]有效", "第一条 为进一步规范"]
    panel, used = panels.read_lines(lines)
    assert panel == Panel("北京市农业农村局", "京农发〔2025〕21号", "2025-03-31", "2025-04-03", None, "有效")
    assert used == {1, 2, 3, 4, 5}


def test_label_and_value_on_separate_lines_and_spaced_label():
    # gz.gov.cn 基本信息 panel (18_…穗人社规字2019-6号.html) and a repost's empty 文号 cell
    lines = ["基本信息", "统一编号：", "GZ0320190148", "文 号：", "穗人社规字〔2019〕6号", "实施日期：",
             "2019年10月16日", "发布机关：", "广州市人力资源和社会保障局", "文号：", "发布日期：", "2024-09-12"]
    panel, used = panels.read_lines(lines)
    assert panel.doc_number == "穗人社规字〔2019〕6号"
    assert panel.effective == "2019-10-16" and panel.published == "2024-09-12"
    assert panel.issuing_body == "广州市人力资源和社会保障局"
    assert 1 not in used and 2 not in used


def test_meta_tags_and_repost_site():
    meta = [("ArticleTitle", "广州市老年人优待办法"), ("PubDate", "2021-02-09 17:53"),
            ("ContentSource", "广州市人民政府办公厅")]
    assert panels.read_meta(meta) == Panel(published="2021-02-09")
    site = "广州市天河区人民政府天园街道办事处"
    assert panels.without_site(Panel(issuing_body=site, adopted="2024-07-26"), site) == Panel(adopted="2024-07-26")


def test_front_number():
    assert panels.front_number(["穗府办规〔2024〕13号", "各区人民政府"]).doc_number == "穗府办规〔2024〕13号"
    order = panels.front_number(["广州市老年人优待办法", "广州市人民政府令", "第179号"])
    assert order == Panel(issuing_body="广州市人民政府", doc_number="广州市人民政府令第179号")
    assert not panels.front_number(["根据京发〔2019〕7号的要求，制定本意见。"])


def test_dates():
    assert panels.iso_date("2019年10月16日") == "2019-10-16"
    assert panels.iso_date("2025-07-05 10:00:00") == "2025-07-05"
    assert panels.iso_date("2024-13-01") is None and panels.iso_date("有效") is None
