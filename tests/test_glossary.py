"""The zh_CN glossary check of ``scripts/i18n.py`` (no database needed).

The check reads ``i18n/GLOSSARY.md`` as data. These tests show that it passes on
the committed ``zh_CN.po`` files and fails on a planted variant, both in a planted
glossary and in a copy of a real ``zh_CN.po``.
"""

import importlib.util
import os

import polib
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULES = ("gendan_tracking", "gendan_appraisal")


def _load_i18n():
    spec = importlib.util.spec_from_file_location(
        "gendan_i18n_script", os.path.join(ROOT, "scripts", "i18n.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


i18n = _load_i18n()

PLANTED_GLOSSARY = """\
# Planted glossary

## Terms

| English term | Required Chinese | Forbidden variants | Reason |
|---|---|---|---|
| * | — | 这么多天 | A calque. |
| merchandising manager / merchandising managers | 跟单主管 | 跟单经理 | The group's name. |
| manager | 主管 | 经理 | Short for the above. |
| hiring manager | 招聘经理 | — | An HR title. |
| open | 未关闭 | 打开 | A risk that is not closed. |
| = Problem Solving | 问题解决能力 | — | The seed's name. |

## Other senses

| English term | msgid | Reason |
|---|---|---|
| open | The milestone is not open. | Not done yet. |
| open | [gendan_tracking] Open | A portal button, not a state. |

## Odoo's wording: exceptions

| Field label (msgid) | Gendan's Chinese | Reason |
|---|---|---|
| Level | 等级 | A risk level. |
"""


@pytest.fixture
def planted(tmp_path):
    path = tmp_path / "GLOSSARY.md"
    path.write_text(PLANTED_GLOSSARY, encoding="utf-8")
    return i18n.parse_glossary(str(path))


def _po(tmp_path, pairs, name="zh_CN.po", occurrences=()):
    po = polib.POFile()
    for msgid, msgstr in pairs:
        po.append(
            polib.POEntry(msgid=msgid, msgstr=msgstr, occurrences=list(occurrences))
        )
    path = tmp_path / name
    po.save(str(path))
    return str(path)


def test_parse_glossary_reads_the_tables(planted):
    terms = {t["term"]: t for t in planted["terms"]}
    manager = terms["merchandising manager / merchandising managers"]
    assert manager["forms"] == ["merchandising manager", "merchandising managers"]
    assert manager["required"] == "跟单主管"
    assert manager["forbidden"] == ["跟单经理"]
    assert terms["hiring manager"]["forbidden"] == []
    assert terms["= Problem Solving"]["exact"]
    assert ("open", "The milestone is not open.", None) in planted["senses"]
    assert ("open", "Open", "gendan_tracking") in planted["senses"]
    assert planted["odoo_exceptions"] == {"Level": "等级"}


def test_check_fails_on_a_planted_variant(planted, tmp_path):
    path = _po(
        tmp_path,
        [
            (
                "Only a merchandising manager can do this.",
                "只有跟单经理才能执行此操作。",
            ),
            ("Only a Manager can reopen it.", "只有主管才能重新打开。"),
            ("Open Risks", "打开的风险"),
            ("Problem Solving", "解决问题"),
            ("Due within this many days.", "在这么多天内到期。"),
        ],
    )
    problems = i18n.check_terms(path, planted)
    assert len(problems) == 4, problems
    assert "跟单经理" in problems[0]
    assert "打开" in problems[1]
    assert "问题解决能力" in problems[2]
    assert "这么多天" in problems[3]


def test_check_passes_on_good_terms(planted, tmp_path):
    path = _po(
        tmp_path,
        [
            # the required term, any case, placeholders left out
            (
                "Only a merchandising manager can do this.",
                "只有跟单主管才能执行此操作。",
            ),
            ("%(user)s: MERCHANDISING MANAGERS only", "%(user)s：仅限跟单主管"),
            # a longer term wins over a shorter one it contains
            (
                "<strong>Hiring manager signature</strong>",
                "<strong>招聘经理签字</strong>",
            ),
            # listed as another sense of the term
            ("The milestone is not open.", "节点尚未完成。"),
            # word boundaries: "reopen" is not "open", "managerial" not "manager"
            ("Reopen the managerial view", "重新打开视图"),
            ("Problem Solving", "问题解决能力"),
        ],
    )
    assert i18n.check_terms(path, planted) == []


def test_other_sense_scoped_to_a_module(planted, tmp_path):
    """A "[module] msgid" row exempts the msgid in that module's entries only."""
    po = polib.POFile()
    for module in ("gendan_tracking", "gendan_appraisal"):
        po.append(
            polib.POEntry(msgid="Open", msgstr="打开", comment=f"module: {module}")
        )
    # a term of Python code: Odoo writes a second comment line
    po.append(
        polib.POEntry(
            msgid="Open",
            msgstr="打开",
            comment="module: gendan_tracking\nodoo-python",
            occurrences=[("code:addons/gendan_tracking/models/x.py", "0")],
        )
    )
    path = tmp_path / "zh_CN.po"
    po.save(str(path))
    problems = i18n.check_terms(str(path), planted)
    assert len(problems) == 1 and "打开" in problems[0], problems


def test_check_fails_when_the_required_term_is_missing(planted):
    problems = i18n.glossary_problems(
        planted, [("Ask your manager.", "请询问您的上级。")]
    )
    assert len(problems) == 1 and "主管" in problems[0]


def test_malformed_glossary_is_an_error(tmp_path):
    path = tmp_path / "GLOSSARY.md"
    path.write_text(
        PLANTED_GLOSSARY.replace(
            "| manager | 主管 | 经理 | Short for the above. |",
            "| manager | 主管 | 经理 | |",
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValueError):
        i18n.parse_glossary(str(path))
    path.write_text("# no tables\n", encoding="utf-8")
    with pytest.raises(ValueError):
        i18n.parse_glossary(str(path))


def test_odoo_wording_of_shared_field_labels(planted, tmp_path):
    label = "model:ir.model.fields,field_description:gendan_x.field_gendan_x__"
    labels = {
        ("activity_user_id", "Responsible User"): {"责任用户"},
        ("level", "Level"): {"层级"},
    }
    good = _po(
        tmp_path,
        [("Responsible User", "责任用户")],
        "good.po",
        [(label + "activity_user_id", "")],
    )
    bad = _po(
        tmp_path,
        [("Responsible User", "负责用户")],
        "bad.po",
        [(label + "activity_user_id", "")],
    )
    excepted = _po(tmp_path, [("Level", "等级")], "level.po", [(label + "level", "")])
    other_field = _po(
        tmp_path,
        [("Responsible User", "负责用户")],
        "other.po",
        [(label + "reviewer_id", "")],
    )
    assert i18n.check_terms(good, planted, labels) == []
    assert i18n.check_terms(excepted, planted, labels) == []
    assert i18n.check_terms(other_field, planted, labels) == []
    problems = i18n.check_terms(bad, planted, labels)
    assert len(problems) == 1 and "责任用户" in problems[0]


@pytest.fixture(scope="module")
def odoo_labels():
    return i18n.odoo_field_labels()


@pytest.mark.parametrize("module", MODULES)
def test_real_files_follow_the_glossary(module, odoo_labels):
    glossary = i18n.parse_glossary()
    po_path = os.path.join(ROOT, module, "i18n", "zh_CN.po")
    assert i18n.check_terms(po_path, glossary, odoo_labels) == []


@pytest.mark.parametrize(
    "module, msgid, variant",
    [
        ("gendan_tracking", "Merchandising Manager", "跟单经理"),
        ("gendan_tracking", "Critical", "严重"),
        ("gendan_tracking", "ETA", "预计到港日"),
        ("gendan_appraisal", "Approve", "审批"),
        ("gendan_appraisal", "Competency Profile", "胜任力模型"),
        ("gendan_appraisal", "Responsible User", "负责用户"),
    ],
)
def test_real_file_with_a_planted_variant_fails(
    module, msgid, variant, odoo_labels, tmp_path
):
    po = polib.pofile(os.path.join(ROOT, module, "i18n", "zh_CN.po"))
    entries = [e for e in po if e.msgid == msgid]
    assert len(entries) == 1
    entries[0].msgstr = variant
    path = tmp_path / "zh_CN.po"
    po.save(str(path))
    problems = i18n.check_terms(str(path), i18n.parse_glossary(), odoo_labels)
    assert len(problems) == 1, problems
    assert repr(msgid) in problems[0]
