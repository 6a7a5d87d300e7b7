import base64
from datetime import timedelta

from odoo import Command, fields

from ..tools import dates
from .common import GendanCommon

PDF_BYTES = b"%PDF-1.4 gendan test document"


class GendanControlCommon(GendanCommon):
    """Fixtures for risks, costs, documents, contracts and complaints: a
    confirmed order of the merchandiser, and helpers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = dates.today(cls.env.user)
        cls.risk_rules = {
            rule.code: rule
            for rule in cls.env["gendan.risk.rule"].search(
                [("company_id", "=", cls.company.id)]
            )
        }
        cls.risk_rules["cost_overrun"].threshold_pct = 5.0
        cls.risk_rules["documents_missing"].threshold_days = 7
        cls.risk_rules["low_margin"].threshold_pct = 10.0
        cls.other_customer = cls.env["res.partner"].create({"name": "Beta Trading"})
        cls.order = cls._create_order(cls.customer)

    @classmethod
    def _create_order(cls, partner, qty=100, price=10.0, confirm=True, **values):
        order = cls.env["sale.order"].create(
            dict(
                {
                    "partner_id": partner.id,
                    "merchandiser_id": cls.merchandiser.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "product_uom_qty": qty,
                                "price_unit": price,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                },
                **values,
            )
        )
        if confirm:
            order.action_confirm()
        # milestones may be planned in the past only after the order date
        order.date_order = fields.Datetime.now() - timedelta(days=30)
        return order

    def _milestone(self, order, name, planned_days, **values):
        return self.env["gendan.milestone"].create(
            dict(
                {
                    "order_id": order.id,
                    "name": name,
                    "planned_date": self.today + timedelta(days=planned_days),
                },
                **values,
            )
        )

    def _end_of_step(self):
        """What the end of the user's transaction does: the rescans that the
        events deferred run (precommit)."""
        self.env.cr.flush()

    def _open_rule_risks(self, order, rule):
        self._end_of_step()
        return self.env["gendan.risk"].search(
            [
                ("order_id", "=", order.id),
                ("rule", "=", rule),
                ("state", "!=", "closed"),
            ]
        )

    def _all_rule_risks(self, order, rule):
        self._end_of_step()
        return self.env["gendan.risk"].search(
            [("order_id", "=", order.id), ("rule", "=", rule)]
        )

    def _scan(self, orders, rules=None):
        return self.env["gendan.risk"]._gendan_scan(orders, rules=rules)

    @staticmethod
    def _file():
        return base64.b64encode(PDF_BYTES)
