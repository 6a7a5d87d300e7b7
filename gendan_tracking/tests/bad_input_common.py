"""Table-driven bad input: every case goes through the ORM (create or write) or
the import machinery (``load``), must raise a translated error (or, for
``load``, return error messages) and leave the database as it was.

Translation: the zh_CN catalogue is completed by a later pass, so the check is
that the message is produced through ``_()`` in the user's language. While the
test runs, the Python translations of the Gendan modules for zh_CN are wrapped:
a source with a real translation returns it, any other source returns it
prefixed with ``ZH_MARK``. A message built outside ``_()`` (or in the wrong
language) has neither Chinese text nor the mark, and fails.
"""

import re
from unittest.mock import patch

from odoo.tools import mute_logger
from odoo.tools.translate import code_translations

from odoo.addons.base.tests.common import BaseCommon

ZH_MARK = "[zh_CN] "
CJK = re.compile("[\u4e00-\u9fff]")
GENDAN_MODULES = ("gendan_tracking", "gendan_appraisal")


class _MarkedTranslations(dict):
    def __init__(self, real):
        super().__init__(real)

    def get(self, source, default=None):
        translation = super().get(source)
        return translation if translation else ZH_MARK + source


class BadInputCommon(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        real = code_translations.get_python_translations

        def get_python_translations(module_name, lang):
            translations = real(module_name, lang)
            if lang == "zh_CN" and module_name in GENDAN_MODULES:
                return _MarkedTranslations(translations)
            return translations

        patcher = patch.object(
            code_translations, "get_python_translations", get_python_translations
        )
        patcher.start()
        cls.addClassCleanup(patcher.stop)

    def _snapshot(self, model, record=None, fields=None):
        Model = self.env[model].sudo().with_context(active_test=False)
        snap = {"count": Model.search_count([])}
        if record is not None and fields:
            record.invalidate_recordset()
            snap["values"] = record.sudo().read(fields)
        return snap

    def assertTranslated(self, message):
        self.assertTrue(
            message.startswith(ZH_MARK) or CJK.search(message),
            f"not produced through _() in the user's language: {message!r}",
        )

    def _run_bad_inputs(self, cases):
        """``cases``: list of dicts with ``name``, ``model``, ``exception`` and
        either ``create`` (values), ``call`` (callable taking the test), or ``write`` (values) with ``record``
        (callable returning the record to write as ``user``), or ``load``
        (fields, rows). Optional ``user`` (callable). Returns the count."""
        done = 0
        for case in cases:
            with self.subTest(case=case["name"]):
                model = case["model"]
                user = case["user"](self) if case.get("user") else self.env.user
                record = case["record"](self) if case.get("record") else None
                fields = list(case["write"]) if "write" in case else None
                before = self._snapshot(model, record, fields)
                Model = self.env[model].with_user(user).with_context(lang="zh_CN")
                if "load" in case:
                    load_fields, rows = case["load"]
                    with mute_logger("odoo.sql_db", "odoo.models"):
                        result = Model.load(load_fields, rows)
                    self.assertFalse(result["ids"], "load created records")
                    errors = [m for m in result["messages"] if m["type"] == "error"]
                    self.assertTrue(errors, "load reported no error")
                    if case.get("translated"):
                        self.assertTranslated(errors[0]["message"])
                else:
                    with (
                        self.assertRaises(case["exception"]) as caught,
                        mute_logger("odoo.sql_db"),
                        self.env.cr.savepoint(),
                    ):
                        if "call" in case:
                            case["call"](self)
                        elif "create" in case:
                            Model.create(case["create"])
                        else:
                            record.with_user(user).with_context(lang="zh_CN").write(
                                case["write"]
                            )
                            # constraints and computed values run at flush
                            record.env.flush_all()
                    message = str(caught.exception.args[0])
                    self.assertTranslated(message)
                self.env.invalidate_all()
                self.assertEqual(
                    self._snapshot(model, record, fields), before, "something was saved"
                )
                done += 1
        return done
