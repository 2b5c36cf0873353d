"""`gridcc people search TEXT` and `gridcc people visits`: the search box and the visits-due list
on the command line (registered by app/cli/people_cmd.py).

`--reveal` shows ID numbers, phones, birth dates and sensitive categories in clear: it needs a
login allowed to reveal (app/people/privacy.py) and writes one audit entry per person and field
shown; a refused reveal is audited too and ends with exit code 2. Without it the age is shown,
never the birth date (which would complete the masked ID number). Searching by a sensitive
category (a word or `--category`) needs the same permission and is audited either way
(app/people/sensitive_reads.py). A `--grid` or `--category` that names nothing, and search text
past the limits (app/people/search_input.py), are one line and exit code 2. The visits list
shows a sensitive category as 敏感类别, as the desktop does.
"""

from __future__ import annotations


from app.cases.lights import Light
from app.cli.context import BadArgument, DISTRICT_TZ, bounded_int, workstation
from app.cli.login import add_user_option
from app.cli.output import fail, print_json, print_table
from app.people.errors import PersonError
from app.people.privacy import SENSITIVE_LABEL, Viewer, reveal_many
from app.people.search import search_people
from app.people.search_input import require_region
from app.people.visits import visits_due

REVEALED_FIELDS = ["id_number", "phone", "birth_date", "categories"]

LIGHT_MARKS = {Light.RED: "● 红", Light.YELLOW: "● 黄", Light.GREEN: "● 绿"}


def register_search(sub) -> None:
    search = sub.add_parser("search", help="查找人员：姓名、拼音（zs / zhangsan）、身份证号或尾号、电话、地址")
    search.add_argument("text", help="查找内容；可加网格或人员类别名称缩小范围，如“zs 海棠社区第01网格 低保”")
    search.add_argument("--grid", help="只找此网格（或街道、社区）的人员：名称或编码")
    search.add_argument("--category", help="只找此人员类别：名称或代码")
    search.add_argument("--limit", type=bounded_int(1, 10_000), default=50, help="最多显示条数（默认 50）")
    search.add_argument("--reveal", action="store_true",
                        help="显示完整证件号、电话、出生日期与敏感类别（需权限，记入审计日志）")
    add_user_option(search, "以此账户登录并查找（同全局 --user）")
    search.add_argument("--json", action="store_true")
    search.set_defaults(handler=_search)


def register_visits(sub) -> None:
    visits = sub.add_parser("visits", help="走访提醒：按剩余时间排列的应走访人员及红黄绿灯")
    visits.add_argument("--grid", help="只看此网格（或街道、社区）：名称或编码")
    visits.add_argument("--light", choices=[light.value for light in Light])
    visits.add_argument("--limit", type=bounded_int(1, 1_000_000), default=50, help="最多显示条数（默认 50）")
    visits.add_argument("--json", action="store_true")
    visits.set_defaults(handler=_visits)


def _search(args, ctx) -> int:
    if args.limit <= 0:
        raise BadArgument("--limit 应为正整数")
    viewer = Viewer.acting(ctx.principal, ctx.actor, workstation())
    try:
        hits = search_people(ctx.database, args.text, limit=args.limit, grid=args.grid, category=args.category,
                             viewer=viewer, today=ctx.now().astimezone(DISTRICT_TZ).date())
    except PersonError as exc:
        return fail(str(exc))
    clear = {}
    if args.reveal and hits:
        shown = reveal_many(ctx.database, [h.id for h in hits], REVEALED_FIELDS, viewer.actor, viewer.workstation,
                            viewer.permission_check, principal=viewer.principal)
        for item in shown:
            clear.setdefault(item.person_id, {})[item.field] = item.value
    rows = [_hit_row(hit, clear.get(hit.id)) for hit in hits]
    if args.json:
        print_json(rows)
        return 0
    born = "出生日期" if clear else "年龄"
    print_table(["姓名", "性别", born, "身份证号", "电话", "网格", "类别", "地址"],
                [[r["name"], r["sex"], r.get("birth_date", "") if clear else _age(r["age"]), r["id_number"],
                  r["phone"], r["grid"], "、".join(r["categories"]), r["address"]] for r in rows])
    print(f"找到 {len(rows)} 人" + ("（已达 --limit 上限）" if len(rows) == args.limit else ""))
    return 0


def _age(age: int | None) -> str:
    return "" if age is None else str(age)


def _hit_row(hit, clear: dict | None) -> dict:
    """A hit as printed: masked, with the age; with `clear` (revealed) values the birth date too."""
    row = {
        "id": str(hit.id), "name": hit.name, "sex": hit.sex or "", "age": hit.age,
        "id_number": (clear["id_number"] or "") if clear else hit.id_masked,
        "phone": (clear["phone"] or "") if clear else hit.phone_masked,
        "grid": hit.grid, "categories": list(clear["categories"]) if clear else list(hit.categories),
        "address": hit.address,
    }
    if clear:
        row["birth_date"] = clear["birth_date"].isoformat() if clear["birth_date"] else ""
    return row


def _visits(args, ctx) -> int:
    if args.limit <= 0:
        raise BadArgument("--limit 应为正整数")
    if args.grid:
        try:
            with ctx.database.read() as session:
                require_region(session, args.grid)
        except PersonError as exc:
            return fail(str(exc))
    result = visits_due(ctx.database, ctx.now(), grid=args.grid,
                        light=Light(args.light) if args.light else None, limit=args.limit,
                        scope=ctx.principal.scope)
    if args.json:
        print_json({"counts": {light.value: n for light, n in result.counts.items()},
                    "rows": [{"person_id": str(r.person_id), "name": r.name, "grid": r.grid,
                              "category": _category(r),
                              "last_visit": r.last_visit.isoformat() if r.last_visit else None,
                              "due_on": r.due_on.isoformat() if r.due_on else None,
                              "days_left": r.days_left, "light": r.light.value} for r in result.rows]})
        return 0
    print_table(["亮灯", "姓名", "类别", "网格", "上次走访", "应走访日期", "剩余天数"],
                [[LIGHT_MARKS[r.light], r.name, _category(r), r.grid,
                  r.last_visit.isoformat() if r.last_visit else "未走访",
                  r.due_on.isoformat() if r.due_on else "—", "" if r.days_left is None else str(r.days_left)]
                 for r in result.rows])
    counts = result.counts
    print(f"共 {result.total} 项：红灯 {counts[Light.RED]}，黄灯 {counts[Light.YELLOW]}，绿灯 {counts[Light.GREEN]}")
    return 0


def _category(row) -> str:
    """A visit's category as listed: a sensitive one only as 敏感类别."""
    return SENSITIVE_LABEL if row.sensitive else row.category
