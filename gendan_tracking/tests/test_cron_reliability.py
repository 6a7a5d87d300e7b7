"""Scheduled actions: idempotent, safe against concurrent edits, no hand commits."""

import logging
import re
from datetime import timedelta
from pathlib import Path

import psycopg2

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.modules.registry import Registry
from odoo.tests import tagged
from odoo.tests.common import BaseCase, get_db_name, new_test_user
from odoo.tools import SQL, mute_logger

from odoo.addons.base.tests.common import BaseCommon

from ..tools import dates

_logger = logging.getLogger(__name__)

GENDAN_MODULES = ("gendan_tracking", "gendan_appraisal")
IGNORED_FIELDS = {"write_date", "write_uid", "__last_update"}


def gendan_crons(env):
    data = (
        env["ir.model.data"]
        .sudo()
        .search([("model", "=", "ir.cron"), ("module", "in", GENDAN_MODULES)])
    )
    return (
        env["ir.cron"]
        .sudo()
        .with_context(active_test=False)
        .browse(data.mapped("res_id"))
    )


@tagged("post_install", "-at_install")
class TestCronIdempotent(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.merchandiser = new_test_user(
            cls.env,
            login="gdc_merch",
            groups="gendan_tracking.group_merchandiser",
            email="gdc_merch@example.com",
        )
        customer = cls.env["res.partner"].create({"name": "Cron Customer"})
        supplier = cls.env["res.partner"].create({"name": "Cron Supplier"})
        product = cls.env["product.product"].create(
            {"name": "Cron Mug", "type": "consu", "list_price": 10.0}
        )
        today = dates.today(cls.env.user)
        past = fields.Datetime.now() - timedelta(days=40)
        cls.orders = cls.env["sale.order"]
        for index in range(3):
            order = cls.env["sale.order"].create(
                {
                    "partner_id": customer.id,
                    "merchandiser_id": cls.merchandiser.id,
                    "commitment_date": fields.Datetime.now() + timedelta(days=20),
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 2})
                    ],
                }
            )
            order.date_order = past
            for offset in (-10, 1, 15):
                cls.env["gendan.milestone"].create(
                    {
                        "order_id": order.id,
                        "name": "Step %s" % offset,
                        "planned_date": today + timedelta(days=offset + index),
                        "responsible_id": cls.merchandiser.id,
                    }
                )
            cls.orders |= order
        purchase = cls.env["purchase.order"].create(
            {
                "partner_id": supplier.id,
                "merchandiser_id": cls.merchandiser.id,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_qty": 4, "price_unit": 2.0}
                    )
                ],
            }
        )
        purchase.date_order = past
        if "next_followup_date" in purchase._fields:
            purchase.next_followup_date = today - timedelta(days=1)

    def _database_state(self):
        """Every stored value of every Gendan model, plus the counts of what
        crons create elsewhere (activities, mails, messages, notifications)."""
        env = self.env
        env.flush_all()
        env.invalidate_all()
        state = {}
        for model in env["ir.model"].sudo().search([("model", "like", "gendan.%")]):
            Model = env[model.model].sudo().with_context(active_test=False)
            if Model._transient or Model._abstract or not Model._auto:
                continue
            names = [
                name
                for name, field in Model._fields.items()
                if field.store
                and name not in IGNORED_FIELDS
                and field.type not in ("binary", "one2many", "many2many")
            ]
            state[model.model] = Model.search_read([], names, order="id")
        for model in (
            "mail.activity",
            "mail.mail",
            "mail.message",
            "mail.notification",
        ):
            state[model] = env[model].sudo().search_count([])
        for model in ("sale.order", "purchase.order"):
            Model = env[model].sudo()
            names = [
                name
                for name, field in Model._fields.items()
                if field.store
                and name not in IGNORED_FIELDS
                and field.type not in ("binary", "one2many", "many2many")
                and (
                    name.startswith(
                        ("gendan_", "merchandiser", "risk", "cost", "delay")
                    )
                )
            ]
            state[model] = Model.search_read([], names, order="id")
        return state

    def test_every_gendan_cron_is_idempotent(self):
        crons = gendan_crons(self.env)
        self.assertTrue(crons)
        for cron in crons:
            with self.subTest(cron=cron.name):
                cron.method_direct_trigger()
                first = self._database_state()
                cron.method_direct_trigger()
                second = self._database_state()
                for key in first:
                    self.assertEqual(second[key], first[key], f"{key} changed")
        # both runs of every cron together did some work on this data
        self.assertTrue(
            self.env["mail.activity"].search_count(
                [("res_model", "=", "gendan.milestone")]
            )
        )
        _logger.info("gendan crons checked for idempotency: %s", len(crons))

    def test_no_hand_commits(self):
        import odoo.addons.gendan_tracking as tracking

        root = Path(tracking.__file__).parent.parent
        offenders = []
        for module in GENDAN_MODULES:
            for path in (root / module).rglob("*.py"):
                if "tests" in path.parts:
                    continue
                text = path.read_text()
                if re.search(r"\bcr\.commit\(", text):
                    offenders.append(str(path))
        self.assertFalse(offenders, "cr.commit() by hand")


@tagged("post_install", "-at_install")
class TestCronConcurrency(BaseCase):
    """Two real transactions: a user commits an edit of an order, its milestone
    and a purchase order while a Gendan cron runs on the same records. When the
    cron's REPEATABLE READ transaction fails to serialize, Odoo's cron runner
    rolls it back (``ir.cron._callback``) and runs it again later. Nothing of
    the failed run remains, the user's edit is not lost, and the retry does the
    work once. The records are really committed, and removed afterwards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    def _env(self, cr, uid=SUPERUSER_ID):
        return api.Environment(cr, uid, {})

    def _max_ids(self, env):
        """Highest id of every table a cron or this test may add rows to."""
        models = [
            m.model
            for m in env["ir.model"].search([("model", "like", "gendan.%")])
            if not env[m.model]._abstract
            and not env[m.model]._transient
            and env[m.model]._auto
        ]
        models += ["mail.activity", "sale.order", "purchase.order", "res.users"]
        models += ["res.partner", "product.product", "product.template"]
        result = {}
        for model in models:
            env.cr.execute(
                SQL(
                    "SELECT COALESCE(MAX(id), 0) FROM %s",
                    SQL.identifier(env[model]._table),
                )
            )
            result[model] = env.cr.fetchone()[0]
        return result

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            self.max_ids = self._max_ids(env)
        self.addCleanup(self._cleanup)
        with self.registry.cursor() as cr:
            env = self._env(cr)
            self.user_id = new_test_user(
                env,
                login="gdc_concurrent_merch",
                groups="gendan_tracking.group_merchandiser",
                email="gdc_concurrent@example.com",
            ).id
            customer = env["res.partner"].create({"name": "Concurrent Customer"})
            supplier = env["res.partner"].create({"name": "Concurrent Supplier"})
            product = env["product.product"].create(
                {"name": "Concurrent Mug", "type": "consu"}
            )
            order = env["sale.order"].create(
                {"partner_id": customer.id, "merchandiser_id": self.user_id}
            )
            order.date_order = fields.Datetime.now() - timedelta(days=40)
            today = dates.today(order)
            milestone = env["gendan.milestone"].create(
                {
                    "order_id": order.id,
                    "name": "Concurrent step",
                    "planned_date": today + timedelta(days=30),
                    "responsible_id": self.user_id,
                }
            )
            purchase = env["purchase.order"].create(
                {
                    "partner_id": supplier.id,
                    "merchandiser_id": self.user_id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_qty": 1,
                                "price_unit": 1,
                            }
                        )
                    ],
                }
            )
            if "next_followup_date" in purchase._fields:
                purchase.next_followup_date = today - timedelta(days=1)
            env.flush_all()
            self.order_id, self.milestone_id = order.id, milestone.id
            self.purchase_id = purchase.id
            self.today = today

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            # children first: activities, follow-up records, then orders and users
            for model in sorted(
                self.max_ids, key=lambda m: (not m.startswith(("mail.", "gendan.")), m)
            ):
                if model in ("res.partner", "product.product", "product.template"):
                    continue
                records = (
                    env[model]
                    .with_context(active_test=False)
                    .search([("id", ">", self.max_ids[model])])
                )
                if model == "purchase.order":
                    records.button_cancel()
                records.unlink()
            for model in ("product.product", "product.template", "res.partner"):
                env[model].with_context(active_test=False).search(
                    [("id", ">", self.max_ids[model])]
                ).unlink()

    def _overdue(self):
        """Time passes: the milestone is now overdue, the cron will mark it late."""
        with self.registry.cursor() as cr:
            cr.execute(
                "UPDATE gendan_milestone SET planned_date = %s, state = 'pending' "
                "WHERE id = %s",
                (self.today - timedelta(days=5), self.milestone_id),
            )

    def _run_with_concurrent_edit(self, cron_xmlid, tag):
        """Runs the cron while the merchandiser commits an edit; returns the
        number of serialization failures the runner had to retry."""
        cron_cr = self.registry.cursor()
        failures = 0
        try:
            cron = self._env(cron_cr).ref(cron_xmlid)
            # the job has started: its snapshot of the database is taken
            self._env(cron_cr)["gendan.milestone"].browse(self.milestone_id).read(
                ["state"]
            )
            with self.registry.cursor() as user_cr:
                user_env = self._env(user_cr, self.user_id)
                user_env["sale.order"].browse(self.order_id).client_order_ref = tag
                user_env["gendan.milestone"].browse(self.milestone_id).note = tag
                user_env["purchase.order"].browse(self.purchase_id).notes = tag
            for _attempt in range(3):
                try:
                    with mute_logger("odoo.sql_db", "odoo.addons.base.models.ir_cron"):
                        cron._callback(cron.cron_name, cron.ir_actions_server_id.id)
                    cron_cr.commit()
                    break
                except psycopg2.extensions.TransactionRollbackError:
                    # _callback rolled back; the runner retries on a later tick
                    failures += 1
                    cron_cr.rollback()
            else:
                self.fail(f"{cron_xmlid} never succeeded")
        finally:
            cron_cr.close()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            # no lost update
            self.assertEqual(
                env["sale.order"].browse(self.order_id).client_order_ref, tag
            )
            self.assertEqual(
                env["gendan.milestone"].browse(self.milestone_id).note, tag
            )
            self.assertIn(
                tag, str(env["purchase.order"].browse(self.purchase_id).notes)
            )
            cr.rollback()
        return failures

    def _activities(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            activities = env["mail.activity"].search(
                [
                    "|",
                    "&",
                    ("res_model", "=", "gendan.milestone"),
                    ("res_id", "=", self.milestone_id),
                    "&",
                    ("res_model", "=", "purchase.order"),
                    ("res_id", "=", self.purchase_id),
                ]
            )
            result = sorted(
                (a.res_model, a.res_id, a.activity_type_id.id) for a in activities
            )
            cr.rollback()
        return result

    def test_daily_followup_while_user_commits(self):
        self._overdue()
        failures = self._run_with_concurrent_edit(
            "gendan_tracking.ir_cron_gendan_daily_followup", "PO-USER"
        )
        # the cron marked the very milestone the user edited: one conflict, retried
        self.assertEqual(failures, 1, "the concurrent edit did not conflict")
        with self.registry.cursor() as cr:
            milestone = self._env(cr)["gendan.milestone"].browse(self.milestone_id)
            self.assertEqual(milestone.state, "late")
            self.assertGreater(milestone.delay_days, 0)
            cr.rollback()
        activities = self._activities()
        self.assertTrue(activities)
        self.assertEqual(len(activities), len(set(activities)), "duplicate reminders")
        _logger.info(
            "concurrent cron run: %s serialization failure(s) retried", failures
        )

    def test_every_cron_while_user_commits(self):
        with self.registry.cursor() as cr:
            crons = gendan_crons(self._env(cr))
            xmlids = list(crons.get_external_id().values())
            cr.rollback()
        self.assertTrue(xmlids)
        for index, xmlid in enumerate(xmlids):
            with self.subTest(cron=xmlid):
                self._overdue()
                self._run_with_concurrent_edit(xmlid, f"EDIT-{index}")
                # and again: the second run adds nothing
                first = self._activities()
                self._run_with_concurrent_edit(xmlid, f"EDIT-{index}-bis")
                self.assertEqual(self._activities(), first)
        _logger.info("gendan crons run against a concurrent edit: %s", len(xmlids))
