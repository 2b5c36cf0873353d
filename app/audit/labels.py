"""Chinese names for what the audit log records: every action name the program writes, the kinds
of record an entry is about, and the keys of an entry's detail.

One table for the whole program, so the viewer, `gridcc audit list` and the exports name an act
the same way. A name missing here (a newer program wrote it) is shown as it is stored.
"""

from __future__ import annotations

#: action name → label, in the order the kind filter lists them
ACTION_LABELS: dict[str, str] = {
    # accounts (app/accounts/audit_actions.py)
    "login": "登录",
    "login_failed": "登录失败",
    "login_disabled": "停用账户尝试登录",
    "login_locked": "锁定期间尝试登录",
    "account_locked": "账户锁定",
    "account_unlocked": "账户解锁",
    "role_grants_changed": "修改角色权限",
    "account_created": "新建账户",
    "account_disabled": "停用账户",
    "account_enabled": "启用账户",
    "account_changed": "修改账户",
    "role_changed": "修改角色",
    "password_changed": "修改密码",
    "password_reset": "重置密码",
    "denied": "越权被拒",
    # personal data
    "reveal": "查看完整证件号/电话",
    "reveal_denied": "查看完整信息被拒",
    "sensitive_read": "查看敏感类别",
    "sensitive_read_denied": "查看敏感类别被拒",
    "export": "导出个人信息",
    "print": "打印",
    "import": "导入",
    "map_label": "映射导入标签",
    # cases
    "reply": "回复督办单",
    "retention_clear": "清除已结案件报告人电话",
    # disputes
    "correct_screening": "更正排查报告",
    # configuration
    "update": "修改",
    "change_settings": "修改设置",
    "change_assessment_weights": "修改考核权重",
    "change_assessment": "修改考核设置",
    "change_calendar": "修改办公时间与节假日",
    "add_alias": "新增标签别名",
    "delete_alias": "删除标签别名",
    "backup": "备份数据库",
    # the audit log itself
    "audit_export": "导出审计日志",
    # offline sync (app/sync/conflicts.py)
    "sync_resolve": "处理同步冲突",
}

ENTITY_LABELS: dict[str, str] = {
    "account": "账户",
    "audit_log": "审计日志",
    "case": "案件",
    "cases": "案件",
    "database": "数据库",
    "dispute": "纠纷",
    "label_aliases": "标签别名",
    "permission": "权限",
    "person": "人员",
    "persons": "人员",
    "region": "区域",
    "regions": "区域",
    "role": "角色",
    "screening_report": "排查报告",
    "settings": "设置",
    "supervision_card": "督办单",
    # the other synced tables, as a sync conflict names them (app/sync/conflicts.py)
    "buildings": "楼栋",
    "case_attachments": "案件附件",
    "case_events": "案件流转记录",
    "dispute_case_links": "纠纷关联案件",
    "dispute_documents": "纠纷文书",
    "dispute_events": "纠纷流转记录",
    "dispute_investigations": "纠纷调查",
    "dispute_obligations": "协议履行",
    "dispute_parties": "纠纷当事人",
    "dispute_transfers": "纠纷移交",
    "dispute_visits": "纠纷回访",
    "disputes": "纠纷",
    "households": "户",
    "mediation_agreements": "调解协议",
    "mediation_sessions": "调解记录",
    "person_categories": "人员类别",
    "person_changes": "人员变动",
    "person_unmapped_labels": "未映射标签",
    "rental_houses": "出租房屋",
    "rental_tenants": "租户",
    "rooms": "房号",
    "screening_reports": "排查报告",
    "supervision_cards": "督办单",
    "sync_conflicts": "同步冲突",
    "visits": "走访记录",
}

#: detail keys shown under a Chinese name (others as stored)
DETAIL_LABELS: dict[str, str] = {
    "field": "字段",
    "permission": "权限",
    "login": "登录名",
    "count": "数量",
    "rows": "行数",
    "file": "文件",
    "path": "文件",
    "filter": "筛选条件",
    "format": "格式",
    "months": "保留月数",
    "changes": "修改",
    "key": "设置项",
    "role": "角色",
    "scope": "范围",
    "added": "增加的权限",
    "removed": "取消的权限",
    "workstation": "工作站",
    "reason": "原因",
    "name": "名称",
    "level": "级别",
    "code": "编码",
    "group": "考核对象",
    "weights": "权重",
    "keep": "保留份数",
    "interval_hours": "备份间隔（小时）",
    "folder": "备份文件夹",
    "kind": "类型",
    "url": "地址",
    "found": "排查发现数",
    "prevented": "预防数",
    "note": "说明",
    "reporter": "填报人",
    "period": "期次",
    "community": "社区",
    "id_number": "身份证号",
    "phone": "电话",
    "reporter_phone": "报告人电话",
    "cleared": "清除条数",
    "closed_before": "结案早于",
}


def action_label(action: str) -> str:
    """The Chinese name of an action; the stored name when the table has none."""
    return ACTION_LABELS.get(action, action)


def entity_label(entity: str) -> str:
    """The Chinese name of a kind of record; the stored name when the table has none."""
    return ENTITY_LABELS.get(entity, entity)


def detail_label(key: str) -> str:
    """The Chinese name of a detail key; the key itself when the table has none."""
    return DETAIL_LABELS.get(key, key)
