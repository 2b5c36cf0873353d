"""The words communities use: aliases in the ledger import, and labels nothing matched kept and mapped."""

import openpyxl
import pytest
from sqlalchemy import select

from app.people.errors import PersonError
from app.people.importer import import_people
from db.schema import AuditEntry, Person, PersonUnmappedLabel
from tests.app.people.people_fixtures import people, person_id_number, write_sheet  # noqa: F401

HEADER = ["姓名", "身份证号", "人员类型", "人员类别"]


def ledger(tmp_path, rows, name="社区.xlsx"):
    """A ledger with the four columns above, one person per row (IDs numbered from 1)."""
    return write_sheet(tmp_path / name, [HEADER] + [
        [f"居民{n}", person_id_number(n), residence, categories]
        for n, (residence, categories) in enumerate(rows, start=1)])


def category_codes(people, n):
    """The category codes of the n-th person of `ledger`."""
    return {m.code for m in people.get_person(people.find_by_id_number(person_id_number(n))).categories}


def test_the_words_communities_use_map_to_categories(people, tmp_path):
    """低保户, 独居老人, 空巢老人, 刑释人员, 社区服刑人员, 肇事肇祸精神病人, 退伍军人, 社区戒毒 … import with their categories."""
    words = [("低保户", "dibao"), ("独居老人", "elderly_alone"), ("空巢老人", "elderly_alone"),
             ("刑释人员", "released"), ("安置帮教对象", "released"), ("社区服刑人员", "corrections"),
             ("肇事肇祸精神病人", "mental"), ("退伍军人", "veterans"), ("转业军人", "veterans"),
             ("社区戒毒", "drugs"), ("残疾", "disabled"), ("外来人口", "floating"), ("最低生活保障", "dibao")]
    path = ledger(tmp_path, [(None, word) for word, _ in words])
    result = import_people(people, path)
    assert (result.imported, result.rejects, result.unmapped) == (len(words), [], {})
    assert [category_codes(people, n) for n in range(1, len(words) + 1)] == [{code} for _, code in words]


def test_residence_type_words_map_through_aliases(people, tmp_path):
    """常住人口, 外来人口, 暂住 and 外籍人员 become 户籍, 流动, 流动 and 境外."""
    path = ledger(tmp_path, [("常住人口", None), ("外来人口", None), ("暂 住", None), ("外籍人员", None)])
    assert import_people(people, path).imported == 4
    with people.database.read() as session:
        types = [session.scalar(select(Person.residence_type).where(Person.id_number == person_id_number(n)))
                 for n in range(1, 5)]
    assert types == ["户籍", "流动", "流动", "境外"]


def test_unmapped_label_imports_the_person_and_keeps_the_label(people, tmp_path):
    """A label matching nothing no longer rejects: the person is imported, the label kept and reported."""
    path = ledger(tmp_path, [(None, "低保户、计生特扶"), (None, "计生特扶"), (None, None)])
    result = import_people(people, path)
    assert (result.imported, result.rejects) == (3, [])
    assert result.unmapped == {"计生特扶": [2, 3]}
    assert category_codes(people, 1) == {"dibao"}
    assert people.get_person(people.find_by_id_number(person_id_number(1))).unmapped_labels == ("计生特扶",)
    with people.database.read() as session:
        kept = sorted(session.execute(select(Person.name, PersonUnmappedLabel.label)
                                      .join(Person, Person.id == PersonUnmappedLabel.person_id)).all())
    assert kept == [("居民1", "计生特扶"), ("居民2", "计生特扶")]
    sheet = openpyxl.load_workbook(result.labels_file).active
    assert sheet.title == "未识别的类别"
    assert list(sheet.iter_rows(values_only=True)) == [("类别（表格中的写法）", "行数", "行号"), ("计生特扶", 2, "2、3")]


def test_mapping_a_label_once_gives_every_carrier_the_category(people, tmp_path):
    """Mapping 计生特扶A to 特困人员 creates the alias and the memberships (spellings differing in width
    and case together), and the next import knows the word."""
    import_people(people, ledger(tmp_path, [(None, "计生特扶Ａ"), (None, "计生特扶a、残疾人"), (None, None)]))
    assert [(u.label, u.persons) for u in people.unmapped_labels()] == [("计生特扶a", 2)]
    assert people.map_label("计生特扶A", "特困人员") == 2
    assert (category_codes(people, 1), category_codes(people, 2)) == ({"tekun"}, {"tekun", "disabled"})
    assert people.unmapped_labels() == []
    person_id = people.find_by_id_number(person_id_number(1))
    assert people.history(person_id)[-1].changes == {"人员类别": [None, ["特困人员"]]}
    again = import_people(people, ledger(tmp_path, [(None, None)] * 3 + [(None, "计生特扶A")], name="二.xlsx"))
    assert (again.unmapped, category_codes(people, 4)) == ({}, {"tekun"})
    with people.database.read() as session:
        assert session.scalar(select(AuditEntry.detail).where(AuditEntry.action == "map_label"))["persons"] == 2


def test_mapping_to_an_unknown_category_changes_nothing(people, tmp_path):
    """An unknown category is one Chinese line, and the label stays unmapped."""
    import_people(people, ledger(tmp_path, [(None, "计生特扶")]))
    with pytest.raises(PersonError, match="没有“特扶对象”这一人员类别"):
        people.map_label("计生特扶", "特扶对象")
    assert [u.label for u in people.unmapped_labels()] == ["计生特扶"]


def test_reimported_unmapped_label_is_not_kept_twice(people, tmp_path):
    """The same file again: the person is unchanged and the label is stored once."""
    path = ledger(tmp_path, [(None, "计生特扶")])
    import_people(people, path)
    again = import_people(people, path)
    assert (again.imported, again.unchanged) == (0, 1)
    assert [(u.label, u.persons) for u in people.unmapped_labels()] == [("计生特扶", 1)]
