from odoo import fields, models

CONTRACT_STATES = [
    ("draft", "Draft"),
    ("negotiation", "Negotiation"),
    ("signed", "Signed"),
    ("executing", "Executing"),
    ("completed", "Completed"),
    ("terminated", "Terminated"),
]


class SaleOrder(models.Model):
    """The contract of an order (合同管理): number, status, signing date and
    the clauses whose execution is followed."""

    _inherit = "sale.order"

    contract_number = fields.Char(copy=False, tracking=True)
    contract_state = fields.Selection(
        CONTRACT_STATES,
        string="Contract Status",
        default="draft",
        required=True,
        copy=False,
        tracking=True,
    )
    contract_signed_date = fields.Date(
        string="Contract Signed On", copy=False, tracking=True
    )
    contract_clause_ids = fields.One2many(
        "gendan.contract.clause", "order_id", string="Contract Clauses", copy=True
    )
