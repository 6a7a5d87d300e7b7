import contextlib
import datetime

import pytz

from odoo import Command

from odoo.addons.gendan_tracking.tests.common import GendanCommon
from odoo.addons.gendan_tracking.tools import dates
from odoo.addons.mail.tests.common import mail_new_test_user

# A past calendar month, so that every due date in it is "not after today".
MONTH_FROM = datetime.date(2025, 3, 1)
MONTH_TO = datetime.date(2025, 3, 31)
TZ = "Asia/Shanghai"


class AppraisalCommon(GendanCommon):
    """Merchandisers, an administrator and helpers that build orders, deliver
    them at given local times and run the indicator engine."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = TZ
        cls.merchandiser2 = mail_new_test_user(
            cls.env,
            login="gendan_merch2",
            name="Leo Merchandiser",
            groups="gendan_tracking.group_merchandiser",
        )
        cls.idle_merchandiser = mail_new_test_user(
            cls.env,
            login="gendan_merch_idle",
            name="Ida Idle",
            groups="gendan_tracking.group_merchandiser",
        )
        cls.admin = mail_new_test_user(
            cls.env,
            login="gendan_appraisal_admin",
            name="Ada Administrator",
            groups="gendan_appraisal.group_appraisal_admin",
        )
        cls.template = cls.env.ref("gendan_appraisal.template_default")
        cls.Engine = cls.env["gendan.appraisal.engine"]
        cls.Indicator = cls.env["gendan.appraisal.indicator"]

    # ----------------------------------------------------------------- helpers
    @classmethod
    def local(cls, *args):
        """Naive UTC datetime of a wall-clock time in the company's timezone."""
        local = pytz.timezone(TZ).localize(datetime.datetime(*args))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    @classmethod
    def make_order(cls, merchandiser=None, qty=10.0, commitment=None, confirm=True):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "merchandiser_id": (merchandiser or cls.merchandiser).id,
                "commitment_date": commitment,
                "order_line": [
                    Command.create(
                        {"product_id": cls.product.id, "product_uom_qty": qty}
                    )
                ],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    @classmethod
    def deliver(cls, order, qty, when):
        """Deliver ``qty`` of the order's open delivery at UTC ``when``
        (the rest goes to a backorder)."""
        picking = order.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )[:1]
        move = picking.move_ids[:1]
        move.quantity = qty
        move.picked = True
        picking._action_done()
        done_moves = picking.move_ids.filtered(lambda m: m.state == "done")
        done_moves.write({"date": when})
        picking.date_done = when
        return picking

    def compute(self, code, users=None, date_from=MONTH_FROM, date_to=MONTH_TO):
        indicator = self.Indicator.search([("code", "=", code)])
        self.assertEqual(len(indicator), 1, code)
        users = users or (self.merchandiser | self.merchandiser2)
        values = self.Engine._compute_values(
            indicator, users, date_from, date_to, self.company
        )
        return values[indicator.id]

    def make_scorecard(self, user=None, **values):
        return (
            self.env["gendan.appraisal"]
            ._create_scorecards(MONTH_FROM, MONTH_TO, users=user or self.merchandiser)
            .with_context(**values)
        )

    @classmethod
    def today(cls):
        """The company's day (Shanghai), which the engine counts in: from
        16:00 UTC it is already tomorrow's UTC date."""
        return dates.company_today(cls.company)

    @contextlib.contextmanager
    def assertRaisesMsg(self, exception, text):
        """assertRaises (which rolls back to a savepoint) + message check."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertIn(text, str(catcher.exception))
