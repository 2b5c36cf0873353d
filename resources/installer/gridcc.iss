; Inno Setup script of the Windows installer of 网格化管理指挥中心 (Grid Command Center).
;
; Build on Windows, from the repository root, after the PyInstaller build:
;   pyinstaller --noconfirm build_installer.spec
;   iscc resources\installer\gridcc.iss
; -> dist\gridcc-setup-<version>.exe
;
; * The version is read from dist\gridcc\gridcc.exe (its version resource is written by
;   build_installer.spec from pyproject.toml); `iscc /DAppVersion=1.2.3 ...` overrides it.
; * Installs per machine ({autopf} = C:\Program Files\GridCC, needs an administrator) or, when
;   the user chooses so in the first dialog or with /CURRENTUSER, per user
;   (%LOCALAPPDATA%\Programs\GridCC). The folder must be an ASCII path: QtWebEngine (the map)
;   fails to start under a path with Chinese characters, so such a folder is refused.
; * Start-menu entries: the desktop, the wall display (`gridcc.exe wall`), a command prompt for
;   the console program gridcc-cli.exe, and the uninstaller.
; * The uninstaller removes the program folder only. The user's data, log and settings live
;   outside it (%LOCALAPPDATA%\gridcc, registry HKCU\Software\GridCC) and are kept, so a
;   reinstall or an upgrade finds the database where it was.

#define AppName "网格化管理指挥中心"
#define AppNameEn "GridCC"
#define AppPublisher "GridCC"
#ifndef BuildDir
  #define BuildDir AddBackslash(SourcePath) + "..\..\dist\gridcc"
#endif
#define HaveChinese FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(BuildDir + "\gridcc.exe", "ProductVersion")
#endif
#if AppVersion == ""
  #error dist\gridcc\gridcc.exe has no version: run "pyinstaller --noconfirm build_installer.spec" first
#endif

[Setup]
; The AppId ties upgrades and the uninstaller to this program: never change it.
AppId={{473A1F39-4006-4798-BF42-166FD4F131C6}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppNameEn}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog commandline
UsedUserAreasWarning=no
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\gridcc.exe
CloseApplications=yes
RestartApplications=no
Compression=lzma2/max
SolidCompression=yes
OutputDir=..\..\dist
OutputBaseFilename=gridcc-setup-{#AppVersion}
WizardStyle=modern

[Languages]
; Chinese needs ChineseSimplified.isl (Inno Setup's unofficial translations) in the compiler's
; Languages folder; without it the installer is built in English only.
#if HaveChinese
Name: "zh"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
#if HaveChinese
zh.WallDisplay=大屏展示
zh.CommandPrompt=命令行（gridcc-cli）
zh.NonAsciiFolder=安装文件夹“%1”含有非英文字符。地图组件无法在这样的路径下运行，请选择只含英文字母、数字和符号的文件夹（例如 C:\GridCC）。
#endif
en.WallDisplay=Wall display
en.CommandPrompt=Command line (gridcc-cli)
en.NonAsciiFolder=The folder "%1" contains non-English characters. The map component cannot run from such a path; choose a folder with English letters, digits and symbols only (for example C:\GridCC).

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the program's own folder of libraries wholly: files an older version had
; must not be mixed with the new ones. Only the program folder: the user's data is elsewhere.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\gridcc.exe"; WorkingDir: "{app}"
Name: "{group}\{#AppName} - {cm:WallDisplay}"; Filename: "{app}\gridcc.exe"; Parameters: "wall"; WorkingDir: "{app}"
Name: "{group}\{#AppName} - {cm:CommandPrompt}"; Filename: "{cmd}"; Parameters: "/k ""{app}\gridcc-cli.exe"" --help"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\gridcc.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\gridcc.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
{ True when every character of S is ASCII (QtWebEngine's helper process fails elsewhere). }
function IsAsciiPath(S: String): Boolean;
var
  I: Integer;
begin
  Result := True;
  for I := 1 to Length(S) do
    if Ord(S[I]) > 126 then
    begin
      Result := False;
      Exit;
    end;
end;

function NextButtonClick(CurPageID: Integer): Boolean;
begin
  Result := True;
  if (CurPageID = wpSelectDir) and not IsAsciiPath(WizardDirValue) then
  begin
    MsgBox(FmtMessage(CustomMessage('NonAsciiFolder'), [WizardDirValue]), mbError, MB_OK);
    Result := False;
  end;
end;

{ Also for silent installs and /DIR=, where no page is shown. }
function PrepareToInstall(var NeedsRestart: Boolean): String;
begin
  Result := '';
  if not IsAsciiPath(ExpandConstant('{app}')) then
    Result := FmtMessage(CustomMessage('NonAsciiFolder'), [ExpandConstant('{app}')]);
end;
