"""The API's reference page at /docs, rendered on the server from the OpenAPI schema.

FastAPI's own /docs loads Swagger UI from a CDN: on an air-gapped server it is a blank page,
and its buttons are English. This page is plain HTML with no script and no outside resource:
every endpoint with its method, summary, parameters, request body fields and responses, in
Chinese, and a link to the raw schema (/openapi.json) for tools that read it.
"""
from __future__ import annotations

import html
import re
from typing import Any

_STYLE = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;max-width:960px;
margin:2em auto;padding:0 1em;color:#222;line-height:1.6}
h1{font-size:1.6em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
code{background:#f4f4f4;padding:0 .25em;border-radius:3px}
.m{display:inline-block;min-width:4.5em;font-weight:bold;color:#fff;border-radius:3px;text-align:center;margin-right:.5em}
.get{background:#2f7ed8}.post{background:#3a9a4a}.delete{background:#c0392b}.put{background:#b7791f}
table{border-collapse:collapse;width:100%;margin:.4em 0}td,th{border:1px solid #ddd;padding:.25em .5em;text-align:left;
vertical-align:top}th{background:#fafafa;font-weight:normal;color:#555}
"""
_IN = {"query": "查询参数", "path": "路径参数", "header": "请求头", "cookie": "Cookie"}
_TYPES = {"string": "文本", "integer": "整数", "number": "数值", "boolean": "是/否", "array": "列表",
          "object": "对象", "null": "空"}


def _type(schema: dict[str, Any], components: dict[str, Any]) -> str:
    """A parameter's or field's type in words: 文本, 整数, 列表（文本）, 文件, or a model's name."""
    if "$ref" in schema:
        return "对象"
    if "anyOf" in schema:
        return " 或 ".join(dict.fromkeys(_type(s, components) for s in schema["anyOf"]))
    kind = schema.get("type", "")
    if kind == "string" and (schema.get("format") == "binary" or "contentMediaType" in schema):
        return "文件"
    if kind == "array":
        return f"列表（{_type(schema.get('items', {}), components)}）"
    if "enum" in schema:
        return "取值：" + "、".join(str(v) for v in schema["enum"])
    return _TYPES.get(kind, kind or "任意")


def _row(name: str, where: str, required: bool, kind: str, text: str, default: object) -> str:
    shown = {True: "是", False: "否"}.get(default, default) if isinstance(default, bool) else default
    extra = f"（默认 {_identifiers(str(shown))}）" if default is not None else ""
    return (f"<tr><td><code>{html.escape(name)}</code></td><td>{html.escape(where)}</td>"
            f"<td>{'必填' if required else '可选'}</td><td>{_identifiers(kind)}</td>"
            f"<td>{_identifiers(text)}{extra}</td></tr>")


def _fields(schema: dict[str, Any], components: dict[str, Any], where: str) -> list[str]:
    """The rows of a request body's fields (its model's properties)."""
    if "$ref" in schema:
        schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
    required = set(schema.get("required", []))
    return [_row(name, where, name in required, _type(prop, components), prop.get("description", ""),
                 prop.get("default")) for name, prop in schema.get("properties", {}).items()]


def render(schema: dict[str, Any]) -> str:
    """The whole reference page for an OpenAPI schema (`FastAPI.openapi()`)."""
    info = schema.get("info", {})
    components = schema.get("components", {}).get("schemas", {})
    out = ["<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">",
           f"<title>{html.escape(info.get('title', ''))} 接口说明</title><style>{_STYLE}</style></head><body>",
           f"<h1>{html.escape(info.get('title', ''))} 接口说明 <small>{html.escape(str(info.get('version', '')))}</small></h1>"]
    description = info.get("description", "")
    if description:
        items = [line[2:] for line in description.splitlines() if line.startswith("- ")]
        lead = [line for line in description.splitlines() if line.strip() and not line.startswith("- ")]
        out += [f"<p>{html.escape(line)}</p>" for line in lead]
        if items:
            out.append("<ul>" + "".join(f"<li>{_inline_code(i)}</li>" for i in items) + "</ul>")
    out.append('<p>机器可读的接口描述：<a href="/openapi.json"><code>/openapi.json</code></a>（OpenAPI 3）。</p>')
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            out.append(f'<h2><span class="m {html.escape(method)}">{html.escape(method.upper())}</span>'
                       f"<code>{html.escape(path)}</code></h2>")
            if op.get("summary"):
                out.append(f"<p>{_identifiers(op['summary'])}</p>")
            rows = [_row(p["name"], _IN.get(p.get("in", ""), p.get("in", "")), bool(p.get("required")),
                         _type(p.get("schema", {}), components), p.get("description", ""),
                         p.get("schema", {}).get("default"))
                    for p in op.get("parameters", []) if p.get("in") != "header"]
            for media, body in op.get("requestBody", {}).get("content", {}).items():
                where = "表单" if "form" in media else "JSON 请求体"
                rows += _fields(body.get("schema", {}), components, where)
            if rows:
                out.append("<table><tr><th>名称</th><th>位置</th><th>是否必填</th><th>类型</th><th>说明</th></tr>"
                           + "".join(rows) + "</table>")
            responses = op.get("responses", {})
            if responses:
                out.append("<table><tr><th>状态码</th><th>含义</th></tr>" + "".join(
                    f"<tr><td>{html.escape(code)}</td><td>{_identifiers(_status(code, r.get('description', '')))}</td></tr>"
                    for code, r in responses.items()) + "</table>")
    out.append("</body></html>")
    return "\n".join(out)


def _status(code: str, description: str) -> str:
    """FastAPI's default response texts are English; ours are Chinese already."""
    return {"Successful Response": "成功", "Validation Error": "参数不合法"}.get(description, description)


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_./{}\-]*(?: --[a-z]+)*")


def _identifiers(text: str) -> str:
    """Escaped text with its ASCII names (plankb search --json, hybrid, YYYY-MM-DD) set as code."""
    out, last = [], 0
    for m in _IDENTIFIER.finditer(text):
        out += [html.escape(text[last:m.start()]), f"<code>{html.escape(m.group())}</code>"]
        last = m.end()
    return "".join(out) + html.escape(text[last:])


def _inline_code(text: str) -> str:
    """`x` in the Markdown description as <code>x</code>, the rest escaped."""
    parts = text.split("`")
    return "".join(f"<code>{html.escape(p)}</code>" if n % 2 else html.escape(p) for n, p in enumerate(parts))
