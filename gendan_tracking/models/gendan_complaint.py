from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class GendanComplaint(models.Model):
    _name = "gendan.complaint"
    _description = "Customer Complaint"
    _inherit = ["gendan.attributed.record", "mail.thread", "mail.activity.mixin"]
    _order = "date_received desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default="/"
    )
    subject = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    order_id = fields.Many2one(
        "sale.order", string="Order", index=True, tracking=True, check_company=True
    )
    merchandiser_id = fields.Many2one(
        "res.users",
        string="Merchandiser",
        index=True,
        tracking=True,
        compute="_compute_merchandiser_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    complaint_type = fields.Selection(
        [
            ("quality", "Quality"),
            ("delay", "Delay"),
            ("quantity", "Quantity"),
            ("documents", "Documents"),
            ("service", "Service"),
        ],
        string="Type",
        required=True,
        default="quality",
        tracking=True,
    )
    severity = fields.Selection(
        [
            ("low", "Low"),
            ("medium", "Medium"),
            ("high", "High"),
            ("critical", "Critical"),
        ],
        default="medium",
        required=True,
        tracking=True,
    )
    description = fields.Html()
    root_cause = fields.Html()
    corrective_action = fields.Html()
    resolution = fields.Html()
    return_picking_id = fields.Many2one(
        "stock.picking", string="Return", readonly=True, copy=False, check_company=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    cost_amount = fields.Monetary(string="Cost", currency_field="currency_id")
    state = fields.Selection(
        [
            ("new", "New"),
            ("investigating", "Investigating"),
            ("resolved", "Resolved"),
            ("closed", "Closed"),
        ],
        default="new",
        required=True,
        index=True,
        tracking=True,
        group_expand=True,
    )
    date_received = fields.Datetime(
        string="Received", required=True, default=fields.Datetime.now, tracking=True
    )
    date_first_response = fields.Datetime(string="First Response", copy=False)
    date_resolved = fields.Datetime(string="Resolved", copy=False, tracking=True)
    response_hours = fields.Float(
        compute="_compute_hours", store=True, aggregator="avg", digits=(16, 1)
    )
    resolution_hours = fields.Float(
        compute="_compute_hours", store=True, aggregator="avg", digits=(16, 1)
    )
    inspection_ids = fields.Many2many(
        "qc.inspection",
        string="Inspections",
        compute="_compute_inspection_ids",
        help="The inspections of the order, for quality complaints.",
    )
    inspection_count = fields.Integer(compute="_compute_inspection_ids")

    @api.depends("order_id")
    def _compute_partner_id(self):
        for complaint in self:
            if complaint.order_id:
                complaint.partner_id = complaint.order_id.partner_id

    @api.depends("order_id")
    def _compute_merchandiser_id(self):
        for complaint in self:
            if complaint.order_id:
                complaint.merchandiser_id = complaint.order_id.merchandiser_id
            elif not complaint.merchandiser_id:
                complaint.merchandiser_id = False

    @api.depends("date_received", "date_first_response", "date_resolved")
    def _compute_hours(self):
        for complaint in self:
            received = complaint.date_received
            complaint.response_hours = (
                (complaint.date_first_response - received).total_seconds() / 3600.0
                if received and complaint.date_first_response
                else 0.0
            )
            complaint.resolution_hours = (
                (complaint.date_resolved - received).total_seconds() / 3600.0
                if received and complaint.date_resolved
                else 0.0
            )

    @api.depends("complaint_type", "order_id")
    def _compute_inspection_ids(self):
        Inspection = self.env["qc.inspection"]
        quality = self.filtered(lambda c: c.complaint_type == "quality" and c.order_id)
        if "sale_order_id" in Inspection._fields:
            domain = [("sale_order_id", "in", quality.order_id.ids)]
        else:
            domain = [("picking_id.sale_id", "in", quality.order_id.ids)]
        inspections = Inspection.search(domain) if quality else Inspection
        for complaint in self:
            if complaint in quality:
                mine = inspections.filtered(
                    lambda i, o=complaint.order_id: (
                        (
                            i.sale_order_id
                            if "sale_order_id" in i
                            else i.picking_id.sale_id
                        )
                        == o
                    )
                )
            else:
                mine = Inspection
            complaint.inspection_ids = mine
            complaint.inspection_count = len(mine)

    @api.constrains("date_received", "date_first_response", "date_resolved")
    def _check_dates(self):
        for complaint in self:
            received = complaint.date_received
            for date in (complaint.date_first_response, complaint.date_resolved):
                if date and received and date < received:
                    raise ValidationError(
                        _(
                            "The response and resolution dates of the complaint "
                            "%(complaint)s cannot be before the date it was received.",
                            complaint=complaint.name,
                        )
                    )

    @api.constrains("cost_amount")
    def _check_cost_amount(self):
        for complaint in self:
            if complaint.cost_amount < 0:
                raise ValidationError(_("The cost of a complaint cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = sequence.next_by_code("gendan.complaint") or "/"
            self._gendan_stamp_dates(vals, vals.get("state", "new"))
        return super().create(vals_list)

    def write(self, vals):
        if "state" in vals:
            for complaint in self:
                stamped = dict(vals)
                complaint._gendan_stamp_dates(stamped, vals["state"], complaint)
                super(GendanComplaint, complaint).write(stamped)
            return True
        return super().write(vals)

    @api.model
    def _gendan_stamp_dates(self, vals, state, complaint=None):
        """First response when the complaint leaves 'new', resolution when it
        is resolved or closed; dates already set are kept."""
        now = fields.Datetime.now()
        if state != "new" and not vals.get("date_first_response"):
            if not (complaint and complaint.date_first_response):
                vals["date_first_response"] = now
        if state in ("resolved", "closed") and not vals.get("date_resolved"):
            if not (complaint and complaint.date_resolved):
                vals["date_resolved"] = now
        if state in ("new", "investigating") and complaint and complaint.date_resolved:
            vals.setdefault("date_resolved", False)

    def action_investigate(self):
        self.write({"state": "investigating"})

    def action_resolve(self):
        self.write({"state": "resolved"})

    def action_close(self):
        self.write({"state": "closed"})

    def action_reopen(self):
        self.write({"state": "investigating"})

    def _gendan_returnable_picking(self):
        self.ensure_one()
        pickings = self.order_id.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state == "done"
        )
        return pickings.sorted(lambda p: (p.date_done, p.id))[-1:]

    def action_create_return(self):
        """Open Odoo's return wizard on the order's last delivery; the return it
        creates is linked to this complaint."""
        self.ensure_one()
        picking = self._gendan_returnable_picking()
        if not picking:
            raise UserError(
                _("The order of this complaint has no done delivery to return.")
            )
        return {
            "type": "ir.actions.act_window",
            "name": _("Return"),
            "res_model": "stock.return.picking",
            "view_mode": "form",
            "target": "new",
            "context": {
                "active_id": picking.id,
                "active_ids": picking.ids,
                "active_model": "stock.picking",
                "gendan_complaint_id": self.id,
            },
        }

    def action_view_return(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "view_mode": "form",
            "res_id": self.return_picking_id.id,
        }

    def action_view_inspections(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Inspections"),
            "res_model": "qc.inspection",
            "view_mode": "list,form",
            "domain": [("id", "in", self.inspection_ids.ids)],
        }
