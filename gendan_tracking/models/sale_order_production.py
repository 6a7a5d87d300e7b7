from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools.lang import reader_env
from .qc_inspection import INSPECTION_STAGES


class SaleOrder(models.Model):
    """Production coordination, quality and shipping of the order (the Supply &
    Quality tab): the purchase orders serving it, production issues,
    inspections and shipments."""

    _inherit = "sale.order"

    gendan_purchase_ids = fields.Many2many(
        "purchase.order",
        "gendan_purchase_sale_rel",
        "sale_id",
        "purchase_id",
        string="Purchase Orders",
        copy=False,
    )
    gendan_purchase_extra = fields.Boolean(
        string="More Purchases Linked",
        compute="_compute_gendan_purchase_count",
        help="Purchases are linked to the order beyond those made from it.",
    )
    gendan_purchase_count = fields.Integer(
        string="Supply POs", compute="_compute_gendan_purchase_count"
    )
    production_issue_ids = fields.One2many(
        "gendan.production.issue", "order_id", string="Production Issues", copy=False
    )
    production_issue_count = fields.Integer(compute="_compute_production_issue_count")
    inspection_ids = fields.One2many(
        "qc.inspection", "sale_order_id", string="Inspections", copy=False
    )
    inspection_count = fields.Integer(compute="_compute_inspection_stats", store=True)
    inspection_failed_count = fields.Integer(
        string="Failed Inspections", compute="_compute_inspection_stats", store=True
    )
    inspection_pass_rate = fields.Float(
        string="Inspection Pass Rate (%)",
        compute="_compute_inspection_stats",
        store=True,
        aggregator="avg",
        help="Share of finished first inspections (re-inspections excluded) that "
        "passed.",
    )
    is_supply_late = fields.Boolean(
        string="Supply Late",
        compute="_compute_is_supply_late",
        store=True,
        help="A purchase order serving this order is promised after its required date.",
    )
    gendan_shipment_ids = fields.Many2many(
        "stock.picking",
        string="Shipments",
        compute="_compute_gendan_shipments",
    )
    gendan_shipment_eta = fields.Date(
        string="Shipment ETA", compute="_compute_gendan_shipments"
    )
    gendan_eta_warning = fields.Boolean(
        string="ETA After Commitment",
        compute="_compute_gendan_shipments",
        help="A shipment not yet arrived is expected after the commitment date.",
    )

    @api.depends("gendan_purchase_ids")
    def _compute_gendan_purchase_count(self):
        for order in self:
            order.gendan_purchase_count = len(order.gendan_purchase_ids)
            # Odoo's own Purchase button already lists the purchases made
            # from the order: Gendan's shows only when it links more
            order.gendan_purchase_extra = bool(
                order.gendan_purchase_ids - order._get_purchase_orders()
            )

    @api.depends("production_issue_ids")
    def _compute_production_issue_count(self):
        for order in self:
            order.production_issue_count = len(order.production_issue_ids)

    @api.depends(
        "inspection_ids.state",
        "inspection_ids.reinspection_of_id",
    )
    def _compute_inspection_stats(self):
        for order in self:
            inspections = order.inspection_ids.filtered(lambda i: i.state != "canceled")
            first_finished = inspections.filtered(
                lambda i: not i.reinspection_of_id and i.state in ("success", "failed")
            )
            passed = first_finished.filtered(lambda i: i.state == "success")
            order.inspection_count = len(inspections)
            order.inspection_failed_count = len(
                inspections.filtered(lambda i: i.state == "failed")
            )
            # no finished inspection: 0 here, "—" in the form, and left out
            # of the analysis' averages (gendan.order.report)
            order.inspection_pass_rate = (
                100.0 * len(passed) / len(first_finished) if first_finished else 0.0
            )

    @api.depends("gendan_purchase_ids.is_supply_late", "gendan_purchase_ids.state")
    def _compute_is_supply_late(self):
        for order in self:
            order.is_supply_late = any(
                purchase.is_supply_late and purchase.state != "cancel"
                for purchase in order.gendan_purchase_ids
            )

    @api.depends(
        "picking_ids.picking_type_code",
        "picking_ids.eta",
        "picking_ids.ata",
        "picking_ids.state",
        "commitment_date",
    )
    def _compute_gendan_shipments(self):
        for order in self:
            shipments = order.picking_ids.filtered(
                lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
            )
            order.gendan_shipment_ids = shipments
            pending = shipments.filtered(lambda p: not p.ata and p.state != "done")
            etas = [eta for eta in pending.mapped("eta") if eta]
            order.gendan_shipment_eta = max(etas) if etas else False
            commitment = order._gendan_commitment_day()
            order.gendan_eta_warning = bool(
                commitment and etas and max(etas) > commitment
            )

    def action_view_gendan_purchases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gendan_tracking.purchase_order_action_followup"
        )
        action["domain"] = [("id", "in", self.gendan_purchase_ids.ids)]
        action["context"] = {"default_gendan_sale_order_ids": [self.id]}
        return action

    def action_view_production_issues(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gendan_tracking.gendan_production_issue_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action

    def action_view_inspections(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gendan_tracking.qc_inspection_action_gendan"
        )
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {"default_sale_order_id": self.id}
        return action

    def action_gendan_new_inspection(self):
        """Button: create an in-line or final inspection at the supplier (stage in
        the context key ``gendan_inspection_stage``) and open it."""
        self.ensure_one()
        stage = self.env.context.get("gendan_inspection_stage", "final")
        inspection = self._gendan_create_inspection(stage)
        return {
            "type": "ir.actions.act_window",
            "res_model": "qc.inspection",
            "res_id": inspection.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _gendan_create_inspection(self, stage, product=None, test=None):
        """Create a manual inspection of ``stage`` for the order's first product
        (or ``product``) with ``test``; returns the new draft inspection."""
        self.ensure_one()
        if stage not in dict(INSPECTION_STAGES):
            raise UserError(_("Unknown inspection stage: %(stage)s", stage=stage))
        product = (
            product
            or self.order_line.filtered(lambda line: not line.display_type).product_id[
                :1
            ]
        )
        values = {
            "sale_order_id": self.id,
            "inspection_stage": stage,
            "company_id": self.company_id.id,
            "qty": sum(
                self.order_line.filtered(
                    lambda line: line.product_id == product
                ).mapped("product_uom_qty")
            )
            or 1.0,
        }
        if product:
            values["object_id"] = f"product.product,{product.id}"
        if test:
            values["test"] = test.id
        return self.env["qc.inspection"].create(values)

    def _gendan_notify_inspection_failed(self, items):
        """The merchandiser gets an activity to arrange rework and a
        re-inspection, worded in their language."""
        for order in self:
            inspection = items[order.id][1]
            user = order.merchandiser_id or order.user_id or self.env.user
            env = reader_env(self, user)
            order.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=env._("Inspection %(name)s failed", name=inspection.name),
                note=env._(
                    "Inspection %(name)s (%(product)s) failed. Arrange rework and a "
                    "re-inspection.",
                    name=inspection.name,
                    product=inspection.product_id.with_env(env).display_name or "-",
                ),
            )

    def _gendan_material_required_date(self):
        """Date the order needs its material: the planned date of its
        "material received" milestone (the goods must be in by then; a
        "purchase order placed" milestone is about ordering, not receiving),
        else of its first material milestone, else the commitment date minus
        the lead time."""
        self.ensure_one()
        material = self.milestone_ids.filtered(
            lambda m: m.category == "material" and m.planned_date
        ).sorted(
            lambda m: (
                m.auto_rule != "material_received",
                m.sequence,
                m.planned_date,
                m.id,
            )
        )
        if material:
            return material[0].planned_date
        commitment = self._gendan_commitment_day()
        if commitment:
            return commitment - timedelta(
                days=self.company_id.gendan_purchase_lead_days
            )
        return False

    def _gendan_main_supplier(self):
        """The vendor of the order, as the analysis names it: the partner of
        its largest confirmed purchase order, else of its first one not
        cancelled (by creation)."""
        self.ensure_one()
        purchases = self.gendan_purchase_ids.filtered(lambda p: p.state != "cancel")
        ranked = purchases.sorted(
            lambda p: (
                p.state not in ("purchase", "done"),
                -p.amount_untaxed if p.state in ("purchase", "done") else 0,
                p.id,
            )
        )
        return ranked[:1].partner_id
