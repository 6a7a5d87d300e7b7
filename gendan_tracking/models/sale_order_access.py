from odoo import Command, fields, models

from ..tools.groups import GROUP_MERCHANDISER


class SaleOrder(models.Model):
    """The follow-up relations of an order belong to merchandising: a
    salesperson, accountant or warehouse user without it reads an order (even
    with ``read()`` of every field, as Odoo's own flows and tests do) without
    touching records they have no access to."""

    _inherit = "sale.order"

    milestone_ids = fields.One2many(groups=GROUP_MERCHANDISER)
    error_ids = fields.One2many(groups=GROUP_MERCHANDISER)
    error_count = fields.Integer(groups=GROUP_MERCHANDISER)
    complaint_count = fields.Integer(groups=GROUP_MERCHANDISER)
    production_issue_count = fields.Integer(groups=GROUP_MERCHANDISER)
    gendan_purchase_count = fields.Integer(groups=GROUP_MERCHANDISER)
    gendan_purchase_extra = fields.Boolean(groups=GROUP_MERCHANDISER)
    risk_ids = fields.One2many(groups=GROUP_MERCHANDISER)
    document_ids = fields.One2many(groups=GROUP_MERCHANDISER)
    # copied by copy_data below for merchandisers only: copy=True would make
    # every duplication by a salesperson read a field they cannot access
    contract_clause_ids = fields.One2many(groups=GROUP_MERCHANDISER, copy=False)
    complaint_ids = fields.One2many(groups=GROUP_MERCHANDISER)
    production_issue_ids = fields.One2many(groups=GROUP_MERCHANDISER)
    inspection_ids = fields.One2many(groups=GROUP_MERCHANDISER)
    gendan_purchase_ids = fields.Many2many(groups=GROUP_MERCHANDISER)
    sample_ids = fields.One2many(groups=GROUP_MERCHANDISER)
    sample_count = fields.Integer(groups=GROUP_MERCHANDISER)
    sample_pending_count = fields.Integer(groups=GROUP_MERCHANDISER)
    gate_override_ids = fields.One2many(groups=GROUP_MERCHANDISER)

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if "contract_clause_ids" in (default or {}) or not self.env.user.has_group(
            GROUP_MERCHANDISER
        ):
            return vals_list
        for order, vals in zip(self, vals_list, strict=True):
            vals["contract_clause_ids"] = [
                Command.create(clause_vals)
                for clause_vals in order.contract_clause_ids.copy_data()
            ]
        return vals_list
