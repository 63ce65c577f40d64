"""Chinese for click's own strings: help headings, the --help/--version texts, metavars and
error messages ("Usage:", "Missing argument", "No such option" …).

click 8 translates through `from gettext import gettext as _` (and `ngettext`) inside each of its
modules, so an installed `gettext.NullTranslations` never reaches it: `install()` rebinds those
two names in click's modules instead. It must run before the commands are declared, because
some texts (the --version help, Path's type name) are translated when a decorator runs.
`localise(group)` then sets the usage metavars ([选项], 命令) on every command of a group.
"""
from __future__ import annotations

import importlib
import unicodedata
from typing import Any, NoReturn

import click
from click._compat import strip_ansi

ZH: dict[str, str] = {
    # help pages
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
    "(dynamic)": "（动态）",
    "deprecated": "已弃用",
    "Confirm the action without prompting.": "直接确认，不再询问。",
    "Do you want to continue?": "是否继续？",
    # type names (metavars and messages)
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    # errors
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Did you mean {possibility}?": "是否想用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否想用其中之一：{possibilities}？）",
    "Invalid value: {message}": "取值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
    "Value must be an iterable.": "取值必须是一组值。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选值 {choices} 之中。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 之内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的布尔值。可用：{states}",
    "{value!r} is not a valid UUID.": "{value!r} 不是有效的 UUID。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合格式 {formats}。",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 个值，给了 {len_value} 个。",
    "{len_type} values are required, but {len_value} were given.": "需要 {len_type} 个值，给了 {len_value} 个。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，不是文件夹。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹，不是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不可执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "unknown error": "未知错误",
    "Aborted!": "已中止！",
    "Error: invalid input": "错误：输入无效",
    "Error: The two entered values do not match.": "错误：两次输入不一致。",
    "Repeat for confirmation": "再输入一次以确认",
    "Press any key to continue...": "按任意键继续……",
}

# names of click's shared type objects: they are the default metavars (TEXT, INTEGER …) and appear
# in messages ("'x' is not a valid integer")
TYPE_NAMES = {"STRING": "文本", "INT": "整数", "FLOAT": "小数", "BOOL": "布尔值"}
FILE_METAVAR = "文件"
OPTIONS_METAVAR = "[选项]"
SUBCOMMAND_METAVAR = "命令 [参数]..."

_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils",
                  "_termui_impl", "shell_completion")


# what the operating system says when click.File cannot open a file (strerror is English)
OS_ERRORS = {"No such file or directory": "文件不存在", "Permission denied": "没有权限",
             "Is a directory": "这是文件夹，不是文件", "Not a directory": "路径中有一段不是文件夹"}


class File(click.File):
    """click.File whose open errors are in Chinese (`--batch 问题.txt`)."""

    def fail(self, message: str, param: Any = None, ctx: Any = None) -> NoReturn:
        for english, chinese in OS_ERRORS.items():
            message = message.replace(english, chinese)
        super().fail(message, param, ctx)


def display_width(text: str) -> int:
    """Columns a string takes on a terminal: CJK characters take two (help columns line up)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in strip_ansi(text))


def gettext(message: str) -> str:
    return ZH.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    message = singular if n == 1 else plural
    return ZH.get(message, message)


def install() -> None:
    """Make click speak Chinese in this process (idempotent)."""
    for name in _CLICK_MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:  # a module click may not ship on every platform
            continue
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
    for attr, zh in TYPE_NAMES.items():
        getattr(click.types, attr).name = zh
    click.formatting.term_len = display_width  # type: ignore[attr-defined,assignment]


def localise(group: click.Group) -> None:
    """Chinese usage metavars on a group and all its commands: `用法：plankb check [选项] 规划...`.

    Options of type click.File get the metavar 文件 (their type's name is not translatable).
    """
    group.subcommand_metavar = SUBCOMMAND_METAVAR
    for command in [group, *group.commands.values()]:
        command.options_metavar = OPTIONS_METAVAR
        for param in command.params:
            if isinstance(param, click.Option) and param.metavar is None and isinstance(param.type, click.File):
                param.metavar = FILE_METAVAR
        if isinstance(command, click.Group) and command is not group:
            localise(command)
