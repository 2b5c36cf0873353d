"""The build files agree with the program: no Qt module the program imports is left out of the
frozen build, and the Windows installer installs the executables the spec builds."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "build_installer.spec"
ISS = ROOT / "resources" / "installer" / "gridcc.iss"


def spec_list(name: str) -> list[str]:
    """A list constant of the spec (read, not run: running it needs PyInstaller)."""
    for node in ast.parse(SPEC.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} not in {SPEC.name}")


def imported_qt_modules() -> set[str]:
    found = set()
    for folder in ("app", "ui", "db", "resources"):
        for path in (ROOT / folder).rglob("*.py"):
            found |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    return found


def test_no_imported_qt_module_is_left_out_of_the_build():
    left_out = set(spec_list("UNUSED_QT")) & imported_qt_modules()
    assert not left_out, f"used by the program but excluded in build_installer.spec: {sorted(left_out)}"


def test_installer_installs_what_the_spec_builds_into_an_ascii_folder():
    text = ISS.read_text(encoding="utf-8-sig")
    assert ISS.read_bytes().startswith(b"\xef\xbb\xbf")  # Inno Setup reads UTF-8 only with a BOM
    spec = SPEC.read_text(encoding="utf-8")
    assert 'executable(NAME, console=False)' in spec and 'executable(f"{NAME}-cli", console=True)' in spec
    assert "DefaultDirName={autopf}\\{#AppNameEn}" in text and '#define AppNameEn "GridCC"' in text
    assert "PrivilegesRequiredOverridesAllowed=dialog commandline" in text
    assert 'Filename: "{app}\\gridcc.exe"; Parameters: "wall"' in text
    assert "gridcc-cli.exe" in text
    assert "[UninstallDelete]" not in text  # the user's data is never the uninstaller's
