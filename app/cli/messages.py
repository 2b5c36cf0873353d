"""argparse speaks English; a dispatcher reads Chinese. Its error messages, translated.

argparse builds each message from a handful of fixed English patterns; each known pattern is
turned into a Chinese sentence, anything unknown is passed through unchanged.
"""

from __future__ import annotations

import re

_PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"^argument (?P<arg>[^:]+): (?P<rest>.*)$"), "参数 {arg}：{rest}"),
    (re.compile(r"^invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)$"),
     "无效的取值 {value}（可选：{choices}）"),
    (re.compile(r"^the following arguments are required: (?P<names>.+)$"), "缺少必需的参数：{names}"),
    (re.compile(r"^unrecognized arguments: (?P<names>.+)$"), "无法识别的参数：{names}"),
    (re.compile(r"^expected one argument$"), "需要一个值"),
    (re.compile(r"^expected at least one argument$"), "至少需要一个值"),
    (re.compile(r"^invalid (?P<type>\w+) value: (?P<value>.+)$"), "无效的{type}值 {value}"),
    (re.compile(r"^not allowed with argument (?P<other>.+)$"), "不能与参数 {other} 同时使用"),
    (re.compile(r"^ambiguous option: (?P<opt>\S+) could match (?P<matches>.+)$"), "选项 {opt} 有歧义，可能是 {matches}"),
]

_TYPE_NAMES = {"int": "整数", "float": "数值"}


def translate(message: str) -> str:
    """The Chinese form of an argparse error message (nested patterns are translated too)."""
    for pattern, template in _PATTERNS:
        match = pattern.match(message)
        if match:
            parts = dict(match.groupdict())
            if "rest" in parts:
                parts["rest"] = translate(parts["rest"])
            if "type" in parts:
                parts["type"] = _TYPE_NAMES.get(parts["type"], parts["type"])
            return template.format(**parts)
    return message


def translate_usage(usage: str) -> str:
    """argparse's "usage: " heading as "用法：" (the command synopsis itself stays as it is)."""
    return re.sub(r"^usage: ", "用法：", usage)
