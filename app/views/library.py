"""文库: the documents, upload (with progress), metadata edits and removal."""
from __future__ import annotations

import re

import streamlit as st

from app.state import UPLOAD_TYPES, get_index, init_session, settings
from app.uploads import save_uploads
from index.lifecycle import add, edit, remove
from ingest import KINDS
from ingest.errors import PlanKBError
from ingest.panels import VALIDITY

init_session()
st.title("文库")
cfg = settings()

for kind, message in st.session_state.pop("flash", []):
    getattr(st, kind)(message)

try:
    index = get_index()
    docs = index.docs
except PlanKBError as exc:
    st.warning(str(exc))
    docs = []

if docs:
    st.caption(f"共 {len(docs)} 个文件，{sum(d.clause_count for d in docs)} 个条目")
    st.dataframe(
        [{"标题": d.title, "类型": d.kind, "文号": d.doc_number, "发布机关": d.issuing_body, "地区": d.region or "全国",
          "通过": d.adopted or "", "发布": d.published or "", "施行": d.effective or "", "修订": d.amended or "",
          "效力": d.validity, "条目数": d.clause_count, "编号": d.doc_id} for d in docs],
        hide_index=True, width="stretch")
    noted = [d for d in docs if d.warnings]
    if noted:
        with st.expander(f"{len(noted)} 个文件有读取提示（扫描页、低置信度 OCR 等）"):
            for d in noted:
                st.markdown(f"**《{d.title}》**：" + "；".join(d.warnings))


st.subheader("上传文件")
max_mb = cfg.max_file_mb
uploads = st.file_uploader(f"PDF、DOCX、TXT、MD、HTML，可多选（单个不超过 {max_mb} MB）",
                           type=UPLOAD_TYPES, accept_multiple_files=True)
if uploads and st.button("解析并入库", type="primary"):
    paths, refused = save_uploads(cfg.home, [(up.name, up.getvalue()) for up in uploads], cfg.max_bytes)
    for message in refused:
        st.error(message)
    bar = st.progress(0.0, text="准备……")
    labels = {"parse": "解析", "embed": "向量化", "index": "写入索引"}

    def progress(stage: str, done: int, total: int) -> None:
        bar.progress(min(1.0, done / max(total, 1)), text=f"{labels.get(stage, stage)} {done}/{total}")

    if paths:
        try:
            report = add(cfg, paths, progress=progress)
        except PlanKBError as exc:
            st.error(str(exc))
        else:
            bar.progress(1.0, text="完成")
            flash = [("error", m) for m in refused] + [("error", e.message) for e in report.errors]
            if report.added or report.replaced:
                flash.append(("success", f"已入库：新增 {len(report.added)} 个，更新 {len(report.replaced)} 个"
                              + (f"，{len(report.errors)} 个失败" if report.errors else "")))
            st.session_state["flash"] = flash
            st.rerun()

if docs:
    titles = {d.doc_id: d.title for d in docs}
    ids: list[str] = list(titles)
    st.subheader("修改文件信息")
    chosen: str = st.selectbox("文件", ids, format_func=lambda i: titles[i], key="edit_doc") or ids[0]
    record = index.by_id[chosen]
    with st.form("edit_form"):
        title = st.text_input("标题", record.title)
        kind = st.selectbox("类型", KINDS, index=KINDS.index(record.kind) if record.kind in KINDS else len(KINDS) - 1)
        issuer = st.text_input("发布机关", record.issuing_body)
        number = st.text_input("文号", record.doc_number, placeholder="如 京政发〔2020〕15号、国务院令第746号；没有则留空")
        region = st.text_input("地区（如 浙江省湖州市；全国性文件留空）", record.region)
        c1, c2, c3, c4 = st.columns(4)
        adopted = c1.text_input("通过日期", record.adopted or "", placeholder="年-月-日，如 2021-04-29")
        published = c2.text_input("发布日期", record.published or "", placeholder="年-月-日，如 2021-04-29")
        effective = c3.text_input("施行日期", record.effective or "", placeholder="年-月-日，如 2021-04-29")
        amended = c4.text_input("修订日期", record.amended or "", placeholder="年-月-日，如 2021-04-29")
        # the stated validity; one outside plankb's words (部分失效) stays selectable as stated
        states = ["", *VALIDITY, *([record.validity] if record.validity and record.validity not in VALIDITY else [])]
        validity = st.selectbox("效力", states, index=states.index(record.validity),
                                format_func=lambda v: v or "未注明")
        if st.form_submit_button("保存"):
            bad = [v for v in (adopted, published, effective, amended)
                   if v and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v)]
            if not title.strip():
                st.error("标题不能为空")
            elif bad:
                st.error(f"日期格式应为 年-月-日（如 2021-04-29）：{'、'.join(bad)}")
            else:
                try:
                    edit(cfg, chosen, title=title.strip(), kind=kind, issuing_body=issuer.strip(),
                         doc_number=number.strip(), region=region.strip(), adopted=adopted, published=published,
                         effective=effective, amended=amended, validity=validity or "")
                except (PlanKBError, ValueError) as exc:
                    st.error(str(exc))
                else:
                    st.session_state["flash"] = [("success", f"已保存《{title.strip()}》的信息")]
                    st.rerun()

    st.subheader("删除文件")
    target: str = st.selectbox("要删除的文件", ids, format_func=lambda i: titles[i], key="remove_doc") or ids[0]
    if st.button("删除……"):
        st.session_state["confirm_remove"] = target
    if st.session_state.get("confirm_remove") == target:
        st.warning(f"确定从知识库删除《{titles[target]}》？此操作不可撤销（原文件不受影响）。")
        yes, no = st.columns(2)
        if yes.button("确认删除", type="primary"):
            try:
                remove(cfg, target)
            except PlanKBError as exc:
                st.error(str(exc))
            else:
                st.session_state["confirm_remove"] = None
                st.session_state["flash"] = [("success", f"已删除《{titles[target]}》")]
                st.rerun()
        if no.button("取消"):
            st.session_state["confirm_remove"] = None
            st.rerun()
