"""The columns of a resident ledger sheet and the names communities give them.

The import recognises every alias; the export writes the first label of each column, so what
the program exports it reads back unchanged.
"""

from __future__ import annotations

from app.imports.table_reader import ColumnSpec, alias_index

COLUMNS = (
    ColumnSpec(field="name", label="姓名", aliases=("名字", "居民姓名", "人员姓名"), required=True),
    ColumnSpec(field="id_number", label="身份证号",
               aliases=("公民身份号码", "证件号码", "身份证号码", "身份证", "证件号", "身份证件号码"), required=True),
    ColumnSpec(field="sex", label="性别", aliases=()),
    ColumnSpec(field="birth_date", label="出生日期", aliases=("出生年月", "出生年月日", "生日")),
    ColumnSpec(field="ethnicity", label="民族", aliases=()),
    ColumnSpec(field="phone", label="联系电话", aliases=("手机", "手机号", "电话", "手机号码", "联系方式", "电话号码")),
    ColumnSpec(field="registered_address", label="户籍地", aliases=("户籍地址", "户籍所在地", "户籍地详址")),
    ColumnSpec(field="current_address", label="现住址",
               aliases=("居住地址", "现居住地", "现居住地址", "居住地", "实际居住地址", "现住地址")),
    ColumnSpec(field="residence_type", label="人员类型", aliases=("居住类型", "人口类型", "人员属性")),
    ColumnSpec(field="relation", label="与户主关系", aliases=("户主关系", "关系")),
    ColumnSpec(field="household_no", label="户号", aliases=("户编号",)),
    ColumnSpec(field="building", label="楼栋", aliases=("楼号", "楼栋号", "楼栋名称")),
    ColumnSpec(field="room", label="房号", aliases=("门牌", "门牌号", "房间号", "单元房号", "室号")),
    ColumnSpec(field="grid", label="网格", aliases=("所属网格", "网格编码", "网格名称", "网格编号")),
    ColumnSpec(field="categories", label="人员类别",
               aliases=("重点人员类别", "人员类别标签", "特殊人群类别", "特殊人群", "类别")),
    ColumnSpec(field="note", label="备注", aliases=("说明",)),
)
FIELDS = tuple(column.field for column in COLUMNS)
LABELS = {column.field: column.label for column in COLUMNS}
ALIASES = alias_index(COLUMNS)
REQUIRED = tuple(column.field for column in COLUMNS if column.required)
#: how several categories are written in one cell (exports use the first)
CATEGORY_SEPARATORS = "、,，;；/ \n"
