from odoo import api, fields, models


class SaleOrder(models.Model):
    """Customer communication and after-sales (客户沟通): the progress report
    and the order's complaints."""

    _inherit = "sale.order"

    complaint_ids = fields.One2many(
        "gendan.complaint", "order_id", string="Complaints", copy=False
    )
    # stored: the order form shows it, and complaints are rare writes
    complaint_count = fields.Integer(compute="_compute_complaint_count", store=True)

    @api.depends("complaint_ids")
    def _compute_complaint_count(self):
        # as the system (a stored compute); a new order's complaints are in
        # the cache, read otherwise in one query for the batch
        for order in self:
            order.complaint_count = len(order.complaint_ids)

    def action_gendan_send_progress(self):
        """Open the composer with the progress report template."""
        self.ensure_one()
        template = self.env.ref(
            "gendan_tracking.mail_template_progress", raise_if_not_found=False
        )
        return {
            "type": "ir.actions.act_window",
            "view_mode": "form",
            "res_model": "mail.compose.message",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": "sale.order",
                "default_res_ids": self.ids,
                "default_template_id": template.id if template else False,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_layout_with_responsible_signature",
                "force_email": True,
            },
        }

    def action_gendan_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gendan_tracking.gendan_complaint_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action
