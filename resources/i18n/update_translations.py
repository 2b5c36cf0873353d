"""Refresh the English translation: extract ui/ strings into gridcc_en.ts, compile gridcc_en.qm.

Run from anywhere after changing user-facing text in ui/:

    python resources/i18n/update_translations.py

pyside6-lupdate reads every ui/**/*.py (self.tr, QCoreApplication.translate, QT_TRANSLATE_NOOP)
and merges the strings into gridcc_en.ts: existing translations are kept, new strings are added
as unfinished, strings no longer in the code are dropped. Translate the unfinished ones (Qt
Linguist, or by editing the XML), run the script again, and commit both the .ts and the .qm —
a user's machine never runs lrelease. Exit code 0 when every string is translated, 1 when some
are still unfinished, 2 when the Qt tools are missing or fail.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
I18N = Path(__file__).resolve().parent
SOURCE_LANGUAGE = "zh_CN"
TARGETS = ("en",)


def find_tool(name: str) -> str | None:
    """The Qt tool `name` ('lupdate', 'lrelease') shipped inside PySide6, else pyside6-<name> on PATH."""
    try:
        import PySide6
    except ImportError:
        return None
    folder = Path(PySide6.__file__).parent
    for candidate in (folder / name, folder / f"{name}.exe", folder / "Qt" / "libexec" / name):
        if candidate.is_file():
            return str(candidate)
    return shutil.which(f"pyside6-{name}")


def ui_sources() -> list[str]:
    """Every Python file under ui/, relative to the project root, in a stable order."""
    return sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "ui").rglob("*.py"))


def run_lupdate(ts_file: Path, language: str, *, locations: str = "relative") -> None:
    """Extract the ui/ strings into `ts_file`, merging with what it already holds."""
    lupdate = find_tool("lupdate")
    if lupdate is None:
        raise FileNotFoundError("找不到 pyside6-lupdate（随 PySide6 安装）")
    command = [lupdate, *ui_sources(), "-ts", str(ts_file), "-source-language", SOURCE_LANGUAGE,
               "-target-language", language, "-no-obsolete", "-locations", locations, "-silent"]
    subprocess.run(command, cwd=ROOT, check=True)


def run_lrelease(ts_file: Path, qm_file: Path) -> None:
    """Compile `ts_file` into the binary `qm_file` the program loads."""
    lrelease = find_tool("lrelease")
    if lrelease is None:
        raise FileNotFoundError("找不到 pyside6-lrelease（随 PySide6 安装）")
    subprocess.run([lrelease, str(ts_file), "-qm", str(qm_file), "-silent"], cwd=ROOT, check=True)


def messages(ts_file: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source text, <translation> element) of every current message in a .ts file."""
    found = []
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") in ("obsolete", "vanished"):
                continue
            found.append((name, message.findtext("source") or "", translation))
    return found


def unfinished(ts_file: Path) -> list[tuple[str, str]]:
    """(context, source) of the messages still waiting for a translation."""
    return [(context, source) for context, source, translation in messages(ts_file)
            if translation is None or translation.get("type") == "unfinished"
            or not "".join(translation.itertext()).strip()]


def main() -> int:
    status = 0
    for language in TARGETS:
        ts_file, qm_file = I18N / f"gridcc_{language}.ts", I18N / f"gridcc_{language}.qm"
        try:
            run_lupdate(ts_file, language)
            run_lrelease(ts_file, qm_file)
        except (FileNotFoundError, subprocess.CalledProcessError) as exc:
            print(f"错误：{exc}", file=sys.stderr)
            return 2
        missing = unfinished(ts_file)
        print(f"{ts_file.relative_to(ROOT)}: {len(messages(ts_file))} strings, {len(missing)} unfinished")
        for context, source in missing:
            print(f"  [{context}] {source}")
        status = max(status, 1 if missing else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
