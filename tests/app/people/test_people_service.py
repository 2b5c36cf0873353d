"""PeopleService: validation with field names, optimistic locking, history, categories, visits."""

from datetime import date

import pytest

from app.people.errors import PersonConflict, PersonError
from tests.app.people.people_fixtures import GRID_CODE, people, person_id_number  # noqa: F401

ID = person_id_number(1)


def test_add_and_read_back_with_places(people):
    """Labels for grid, building, room and household are resolved (and created) on add."""
    person_id = people.add_person({"name": " 张三 ", "id_number": ID.lower(), "phone": "138 0013 8000",
                                   "grid": "第一网格", "building": "3号楼", "room": "2-301", "household_no": "H1"})
    record = people.get_person(person_id)
    assert (record.name, record.sex, record.birth_date, record.phone) == ("张三", "男", date(1985, 3, 12), "13800138000")
    assert (record.grid_code, record.building, record.room, record.household_no) == (GRID_CODE, "3号楼", "2-301", "H1")
    assert people.find_by_id_number(ID) == person_id
    assert people.history(person_id)[0].changes == {}


@pytest.mark.parametrize("values, field, message", [
    ({"id_number": ID}, "name", "姓名：必须填写"),
    ({"name": "张三"}, "id_number", "身份证号：必须填写（只有境外人员可以不填）"),
    ({"name": "张三", "id_number": ID[:17] + "0"}, "id_number", f"身份证号“{ID[:17]}0”校验位错误：应为 {ID[17]}，实为 0"),
    ({"name": "张三", "id_number": ID, "sex": "女"}, "sex", "性别“女”与身份证号不一致：身份证号第17位表示“男”"),
    ({"name": "张三", "id_number": ID, "birth_date": "1985-03-13"}, "birth_date",
     "出生日期 1985-03-13 与身份证号中的出生日期 1985-03-12 不一致"),
    ({"name": "张三", "id_number": ID, "phone": "1380013800"}, "phone", "联系电话：手机号码应为11位数字，现在是10位"),
    ({"name": "张三", "id_number": ID, "phone": "88886666"}, "phone",
     "联系电话：固定电话缺少区号，应写成“区号-号码”，如 0532-88886666"),
    ({"name": "张三", "id_number": ID, "residence_type": "游客"}, "residence_type",
     "人员类型：“游客”无法识别：应为户籍、流动、人户分离、境外之一（其他写法可在“类别别名”中添加）"),
    ({"name": "张三", "id_number": ID, "grid": "第九网格"}, "grid_id", "网格“第九网格”不存在（请填写网格编码或名称）"),
])
def test_bad_values_name_the_field(people, values, field, message):
    """Each bad value raises PersonError with its field and a Chinese message."""
    with pytest.raises(PersonError) as error:
        people.add_person(values)
    assert (error.value.field, str(error.value)) == (field, message)


def test_foreigner_needs_no_id_number(people):
    """境外 persons may be saved without a Chinese ID number."""
    record = people.get_person(people.add_person({"name": "John Smith", "residence_type": "境外人员"}))
    assert (record.id_number, record.residence_type) == (None, "境外")


def test_duplicate_id_number_is_refused(people):
    people.add_person({"name": "张三", "id_number": ID})
    with pytest.raises(PersonError, match=f"身份证号 {ID} 已登记给“张三”"):
        people.add_person({"name": "张三丰", "id_number": ID})


def test_update_writes_history_and_bumps_version(people, clock):
    """A change is stored with {field: [old, new]}, actor, workstation and source; search keys follow."""
    person_id = people.add_person({"name": "张三", "id_number": ID, "phone": "13800138000"})
    record = people.update_person(person_id, {"phone": "0532-88886666", "name": "李四"}, 1)
    assert (record.version, record.phone, record.name) == (2, "0532-88886666", "李四")
    change = people.history(person_id)[-1]
    assert change.changes == {"name": ["张三", "李四"], "phone": ["13800138000", "0532-88886666"]}
    assert (change.actor, change.workstation, change.source) == ("tester", "test", "表单")


def test_update_with_an_old_version_is_a_conflict(people):
    """Optimistic locking: the second writer is told in Chinese and nothing changes."""
    person_id = people.add_person({"name": "张三", "id_number": ID})
    people.update_person(person_id, {"note": "第一次"}, 1)
    with pytest.raises(PersonConflict, match="“张三”的信息已被其他人修改（打开时为第1版，现在是第2版）"):
        people.update_person(person_id, {"note": "第二次"}, 1)
    assert people.get_person(person_id).note == "第一次"


def test_update_without_difference_writes_nothing(people):
    person_id = people.add_person({"name": "张三", "id_number": ID})
    assert people.update_person(person_id, {"name": "张三"}, 1).version == 1
    assert len(people.history(person_id)) == 1


def test_categories_with_their_own_fields_and_history(people):
    """Categories are set with checked fields; changes and removals go to the history."""
    person_id = people.add_person({"name": "张三", "id_number": ID})
    record = people.set_categories(person_id, {"mental": {"危险性等级": "3", "guardian": "李四"}, "低保对象": {}})
    assert [(m.code, m.fields) for m in record.categories] == [
        ("mental", {"risk_level": 3, "guardian": "李四"}), ("dibao", {})]
    record = people.set_categories(person_id, {"mental": {"risk_level": 2}})
    assert [m.code for m in record.categories] == ["mental"]
    assert people.history(person_id)[-1].changes == {
        "严重精神障碍患者.危险性等级": [3, 2], "严重精神障碍患者.监护人": ["李四", None],
        "人员类别": [["严重精神障碍患者", "低保对象"], ["严重精神障碍患者"]]}


@pytest.mark.parametrize("fields, message", [
    ({"mental": {"risk_level": 9}}, "严重精神障碍患者的“危险性等级”：应在 0～5 之间，现在是 9"),
    ({"corrections": {"kind": "拘役"}}, "社区矫正对象的“矫正类别”：应为管制、缓刑、假释、暂予监外执行、剥夺政治权利之一"),
    ({"drugs": {"color": "红"}}, "吸毒人员没有“color”这一项"),
    ({"算命": {}}, "没有“算命”这一人员类别"),
])
def test_bad_category_fields(people, fields, message):
    person_id = people.add_person({"name": "张三", "id_number": ID})
    with pytest.raises(PersonError, match=message):
        people.set_categories(person_id, fields)


def test_visits(people):
    """A visit for one of the person's categories is stored; future dates and foreign categories are refused."""
    person_id = people.add_person({"name": "张三", "id_number": ID})
    people.set_categories(person_id, {"elderly_alone": {"kind": "独居"}})
    people.add_visit(person_id, "elderly_alone", date(2025, 9, 29), "网格员王五", "上门探访", "身体良好")
    assert [(v.category_code, v.visitor) for v in people.visits(person_id)] == [("elderly_alone", "网格员王五")]
    with pytest.raises(PersonError, match="晚于今天"):
        people.add_visit(person_id, None, date(2025, 10, 1), "王五")
    with pytest.raises(PersonError, match="该人员不属于“低保对象”"):
        people.add_visit(person_id, "dibao", date(2025, 9, 29), "王五")


def test_place_helpers_reuse_what_exists(people):
    """ensure_* find the same building, room and household the second time."""
    building = people.ensure_building("5号楼", grid=GRID_CODE)
    assert people.ensure_building("5号楼", grid="第一网格") == building
    room = people.ensure_room(building, "1-101")
    assert people.ensure_room(building, "1-101") == room
    household = people.ensure_household("H9", grid=GRID_CODE, building="5号楼", room="1-101")
    assert people.ensure_household("H9") == household


def test_delete_is_soft_and_recorded(people):
    person_id = people.add_person({"name": "张三", "id_number": ID})
    people.delete_person(person_id, 1, reason="迁出")
    with pytest.raises(PersonError, match="找不到该人员"):
        people.get_person(person_id)
    assert people.history(person_id)[-1].source == "迁出"


def test_add_person_with_categories_is_one_transaction(people):
    """A person is saved with their categories at once, and the membership is in the record."""
    person_id = people.add_person({"name": "张三", "id_number": ID}, categories={"低保对象": {"cert_no": "DB-1"}})
    record = people.get_person(person_id)
    assert [(m.code, m.fields) for m in record.categories] == [("dibao", {"cert_no": "DB-1"})]


@pytest.mark.parametrize("categories, message", [
    ({"不存在的类别": None}, "没有“不存在的类别”这一人员类别"),
    ({"mental": {"risk_level": 9}}, "严重精神障碍患者的“危险性等级”：应在 0～5 之间，现在是 9"),
])
def test_failed_category_step_leaves_no_person(people, categories, message):
    """When the category step fails the person is not saved either, so trying again works."""
    with pytest.raises(PersonError, match=message):
        people.add_person({"name": "张三", "id_number": ID}, categories=categories)
    assert people.find_by_id_number(ID) is None
    assert people.get_person(people.add_person({"name": "张三", "id_number": ID})).name == "张三"
