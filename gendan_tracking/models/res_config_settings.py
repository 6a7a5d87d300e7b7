from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    gendan_see_all_orders = fields.Boolean(
        related="company_id.gendan_see_all_orders", readonly=False
    )
    gendan_default_template_id = fields.Many2one(
        related="company_id.gendan_default_template_id", readonly=False
    )
    gendan_activity_lead_days = fields.Integer(
        related="company_id.gendan_activity_lead_days", readonly=False
    )
    gendan_escalation_user_id = fields.Many2one(
        related="company_id.gendan_escalation_user_id", readonly=False
    )
    gendan_resource_calendar_id = fields.Many2one(
        related="company_id.resource_calendar_id", readonly=False
    )

    gendan_purchase_lead_days = fields.Integer(
        related="company_id.gendan_purchase_lead_days", readonly=False
    )
    gendan_expedite_interval_days = fields.Integer(
        related="company_id.gendan_expedite_interval_days", readonly=False
    )

    gendan_portal_show_customer = fields.Boolean(
        related="company_id.gendan_portal_show_customer", readonly=False
    )
    gendan_quality_user_id = fields.Many2one(
        related="company_id.gendan_quality_user_id", readonly=False
    )
    gendan_sample_resubmit_days = fields.Integer(
        related="company_id.gendan_sample_resubmit_days", readonly=False
    )
