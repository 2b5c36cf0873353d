"""`gridcc grids …`: import boundaries from GeoJSON, reassign cases to grids, locate a point."""

from __future__ import annotations

import math

from app.cli.context import BadArgument, workstation
from app.cli.output import print_table
from app.geo.case_grids import reassign_cases
from app.geo.grid_file import LEVEL_NAMES, GridFileError
from app.geo.grid_import import GridImportResult, import_grids
from app.geo.regions_at import regions_at

CRS_HELP = "坐标系：wgs84（默认，含 CGCS2000）或 gcj02（高德、腾讯等在线地图坐标）"
SHOWN_ISSUES = 50


def register(commands) -> None:
    grids = commands.add_parser("grids", help="网格边界：导入 GeoJSON、重新划分案件网格、查询坐标所在网格")
    sub = grids.add_subparsers(dest="grids_command", metavar="ACTION", required=True)

    imp = sub.add_parser("import", help="从 GeoJSON 要素集导入网格（或社区、街道）边界")
    imp.add_argument("file")
    imp.add_argument("--level", required=True, choices=["grid", "community", "street"],
                     help="要素的层级：grid 网格、community 社区、street 街道")
    imp.add_argument("--code-field", metavar="F", help="编码字段（默认猜测：编码、代码、网格编码、code…）")
    imp.add_argument("--name-field", metavar="F", help="名称字段（默认猜测：名称、网格名称、name…）")
    imp.add_argument("--parent-field", metavar="F", help="上级编码字段（默认猜测：上级编码、社区编码、parent…）")
    imp.add_argument("--crs", choices=["wgs84", "gcj02"], default="wgs84", help=CRS_HELP)
    imp.set_defaults(handler=_import)

    rea = sub.add_parser("reassign", help="按现有网格边界重新计算每件有坐标案件的所属网格")
    rea.set_defaults(handler=_reassign)

    loc = sub.add_parser("locate", help="列出包含某坐标的网格、社区、街道")
    loc.add_argument("lon", metavar="LON", help="经度")
    loc.add_argument("lat", metavar="LAT", help="纬度")
    loc.add_argument("--crs", choices=["wgs84", "gcj02"], default="wgs84", help=CRS_HELP)
    loc.set_defaults(handler=_locate)


def _import(args, ctx) -> int:
    try:
        result = import_grids(ctx.database, args.file, args.level, code_field=args.code_field,
                              name_field=args.name_field, parent_field=args.parent_field, crs=args.crs,
                              actor=ctx.actor, workstation=workstation(), principal=ctx.principal)
    except GridFileError as exc:
        raise BadArgument(str(exc)) from None
    print_import_report(result)
    return 1 if result.rejects else 0


def print_import_report(result: GridImportResult) -> None:
    """The import report: fields used, counts, rejects, repairs, overlaps, regions outside their
    parent, cases outside grids."""
    level = LEVEL_NAMES[result.level]
    fields = result.fields
    print(f"字段：编码“{fields.code}”，名称“{fields.name or '（无，用编码）'}”，"
          f"上级编码“{fields.parent or '（无，上级不变）'}”")
    print(f"共 {result.total} 个要素：新建{level} {result.created} 个，更新 {result.updated} 个，"
          f"未变 {result.unchanged} 个，拒绝 {len(result.rejects)} 个，修复 {len(result.repairs)} 个")
    if result.untouched:
        print(f"文件中没有的已有{level} {result.untouched} 个保持不变")
    _print_issues("拒绝（要素按文件中的顺序从 1 起数）：", result.rejects)
    _print_issues("已修复的边界（请在源数据中更正）：", result.repairs)
    if result.overlaps:
        print(f"相互重叠的{level} {len(result.overlaps)} 对（已导入，请核对边界）：")
        for o in result.overlaps[:SHOWN_ISSUES]:
            print(f"  {o.code_a} 与 {o.code_b}：重叠 {_area(o.area_m2)}")
        _more(len(result.overlaps))
    if result.outside_parent:
        print(f"大部分位于上级边界之外的{level} {len(result.outside_parent)} 个（已导入，请核对边界或上级编码）：")
        for w in result.outside_parent[:SHOWN_ISSUES]:
            print(f"  {w.code}：{_outside_words(w)}")
        _more(len(result.outside_parent))
    coverage = result.coverage
    if coverage is not None and coverage.located:
        if coverage.outside:
            print(f"有坐标的案件中 {coverage.outside} 件不在任何网格内，例如：{'、'.join(coverage.outside_sample)}")
        if coverage.would_change:
            print(f"{coverage.would_change} 件案件按新边界应属另一网格；运行 gridcc grids reassign 重新划分")


def _print_issues(title: str, issues) -> None:
    if not issues:
        return
    print(title)
    for issue in issues[:SHOWN_ISSUES]:
        print(f"  {issue.describe()}")
    _more(len(issues))


def _more(count: int) -> None:
    if count > SHOWN_ISSUES:
        print(f"  ……另有 {count - SHOWN_ISSUES} 条未列出")


def _outside_words(w) -> str:
    parent = f"{LEVEL_NAMES.get(w.parent_level, w.parent_level)}“{w.parent_name}”（{w.parent_code}）"
    if w.distance_m == 0:
        return f"只有 {w.inside_share:.0%} 在{parent}之内"
    distance = f"{w.distance_m / 1000:,.1f} 公里" if w.distance_m >= 1000 else f"{w.distance_m:.0f} 米"
    return f"在{parent}之外，相距约 {distance}"


def _area(value: float) -> str:
    return f"{value / 10_000:.2f} 公顷" if value >= 10_000 else f"{value:.1f} 平方米"


def _reassign(args, ctx) -> int:
    with ctx.database.write() as session:
        result = reassign_cases(session)
    print(f"有坐标的案件 {result.located} 件，所属网格改变 {result.changed} 件")
    if result.outside:
        print(f"{result.outside} 件不在任何网格内（保留原网格），例如：{'、'.join(result.outside_sample)}")
    return 0


def _coordinate(text: str, name: str, low: float, high: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise BadArgument(f"{name}“{text}”不是数字") from None
    if not math.isfinite(value) or not low <= value <= high:
        raise BadArgument(f"{name}“{text}”超出范围（{low:g} 到 {high:g}）")
    return value


def _locate(args, ctx) -> int:
    lon = _coordinate(args.lon, "经度", -180, 180)
    lat = _coordinate(args.lat, "纬度", -90, 90)
    hits = regions_at(ctx.database, lon, lat, crs=args.crs)
    if not hits:
        print(f"坐标 {lon}, {lat} 不在任何网格、社区或街道内")
        return 1
    print_table(["层级", "编码", "名称"], [[LEVEL_NAMES.get(h.level, h.level), h.code, h.name] for h in hits])
    return 0
