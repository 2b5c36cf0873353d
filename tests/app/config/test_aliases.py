"""Label aliases: seeded defaults, one lookup for every importer, and an administrator's edits."""

import pytest
from sqlalchemy import delete, func, select

from app.config.alias_admin import AliasError, AliasService
from app.config.aliases import load_resolver, normalize_label, resolve_label, seed_aliases
from app.database import ensure_seeded
from db.schema import LabelAlias


@pytest.fixture
def aliases(database):
    return AliasService(database, actor="admin", workstation="test")


def test_normalize_label_ignores_width_spaces_and_case():
    """Full-width letters, inner spaces and case do not make a different word."""
    assert normalize_label(" 低保 户 ") == normalize_label("低保户") == "低保户"
    assert normalize_label("ＡＢｃ") == "abc"


@pytest.mark.parametrize("kind, word, target", [
    ("population_category", "低保户", "dibao"),
    ("population_category", "独居老人", "elderly_alone"),
    ("population_category", "安置帮教对象", "released"),
    ("population_category", "社区服刑人员", "corrections"),
    ("population_category", "肇事肇祸精神病人", "mental"),
    ("population_category", "复员", "veterans"),
    ("population_category", "社区康复", "drugs"),
    ("population_category", "留守儿童", "left_behind"),
    ("population_category", "低保对象", "dibao"),
    ("residence_type", "外来人口", "流动"),
    ("residence_type", "人户分离", "人户分离"),
    ("case_category", "邻里矛盾", "0802"),
    ("department", "城管局", "CGJ"),
    ("source", "市民热线", "12345热线"),
])
def test_seeded_defaults_resolve_the_usual_words(database, kind, word, target):
    """The defaults cover the words communities and hotline files use, names and codes included."""
    with database.read() as session:
        assert resolve_label(session, kind, word) == target


def test_unknown_word_resolves_to_nothing(database):
    """A word nothing names is None, never a guess."""
    with database.read() as session:
        assert load_resolver(session, "population_category").resolve("计生特扶") is None


def test_add_list_and_delete_an_alias(aliases, database):
    """An administrator's alias is found at once, listed with its target's name, and gone after deletion."""
    record = aliases.add_alias("population_category", "计生 特扶", "特困人员")
    assert (record.alias, record.target, record.target_name) == ("计生特扶", "tekun", "特困人员")
    assert record in aliases.aliases("population_category")
    with database.read() as session:
        assert resolve_label(session, "population_category", "计生特扶") == "tekun"
    aliases.delete_alias(record.id)
    with database.read() as session:
        assert resolve_label(session, "population_category", "计生特扶") is None
    assert aliases.add_alias("population_category", "计生特扶", "低保对象").target == "dibao"


@pytest.mark.parametrize("kind, alias, target, message", [
    ("population_category", " ", "低保对象", "别名不能为空"),
    ("population_category", "低保户", "残疾人", "别名“低保户”已指向人员类别“低保对象”，请先删除"),
    ("population_category", "残疾人", "低保对象", "“残疾人”已是人员类别“残疾人”的名称，不能作别名"),
    ("population_category", "特扶", "特扶对象", "人员类别“特扶对象”不存在"),
    ("residence_type", "游客", "旅居", "人口类型“旅居”不存在"),
    ("colour", "红", "red", "没有“colour”这一类名称"),
])
def test_bad_alias_is_one_line_and_changes_nothing(aliases, kind, alias, target, message):
    """Each wrong edit says what is wrong in Chinese; nothing is written."""
    before = len(aliases.aliases())
    with pytest.raises(AliasError) as error:
        aliases.add_alias(kind, alias, target)
    assert str(error.value).startswith(message)
    assert len(aliases.aliases()) == before


def test_existing_database_gets_the_defaults_and_a_deleted_one_stays_deleted(aliases, database):
    """An upgraded database without aliases is seeded; an alias the administrator deleted is not seeded again."""
    with database.write() as session:
        session.execute(delete(LabelAlias))
    ensure_seeded(database)
    with database.read() as session:
        seeded = session.scalar(select(func.count()).select_from(LabelAlias))
        assert seeded > 50 and resolve_label(session, "population_category", "空巢老人") == "elderly_alone"
    record = next(a for a in aliases.aliases("population_category") if a.alias == "空巢老人")
    aliases.delete_alias(record.id)
    ensure_seeded(database)
    with database.write() as session:
        assert seed_aliases(session) is False
        assert resolve_label(session, "population_category", "空巢老人") is None
    aliases.add_alias("population_category", "空巢老人", "elderly_alone")
