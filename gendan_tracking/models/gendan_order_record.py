from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools.groups import GROUP_MANAGER, GROUP_MERCHANDISER


class GendanOrderRecord(models.AbstractModel):
    """A record that belongs to one sale order (a cost line, a risk, a
    document, a milestone...): what it says counts for the order's
    merchandiser, so nobody but a merchandising manager moves it to another
    order, or attributes it to another person.

    Odoo checks record rules before a write, not after it: without this, a
    merchandiser could move their own record onto a colleague's order with
    ``write({'order_id': ...})``.
    """

    _name = "gendan.order.record"
    _description = "Record of a Followed Order"

    # the field attributing the record's KPI to a person (it follows the
    # order; only a manager overrides it, with a reason)
    _gendan_attribution_field = None
    # merchandisers create such records only on the orders they follow
    _gendan_followed_orders_only = False

    def _gendan_names(self):
        """The records' names for a message (a record without a name, such as
        a cost line not named yet, by its description and id)."""
        return ", ".join(
            record.display_name or f"{record._description} #{record.id}"
            for record in self
        )

    def _gendan_is_privileged(self):
        return self.env.su or self.env.user.has_group(GROUP_MANAGER)

    @api.model_create_multi
    def create(self, vals_list):
        if not self._gendan_is_privileged():
            self._gendan_check_attribution_vals(vals_list)
        records = super().create(vals_list)
        if not records._gendan_is_privileged():
            records._gendan_check_followed_orders()
            records._gendan_check_attribution()
        return records

    def write(self, vals):
        if "order_id" in vals and not self.env.su:
            new_order = self.env["sale.order"].browse(vals["order_id"] or [])
            moved = self.filtered(lambda r: r.order_id != new_order)
            if moved and not self._gendan_is_privileged():
                raise AccessError(
                    _(
                        "%(records)s belong to their order: only a merchandising "
                        "manager moves them to another order.",
                        records=moved._gendan_names(),
                    )
                )
            if moved and new_order:
                # the new parent is checked as the old one was
                new_order.check_access("write")
        field = self._gendan_attribution_field
        if field and field in vals and not self._gendan_is_privileged():
            raise AccessError(
                _(
                    "Only a merchandising manager changes who %(records)s count "
                    "for; it follows the order.",
                    records=self._gendan_names(),
                )
            )
        return super().write(vals)

    def _gendan_check_followed_orders(self):
        if not self._gendan_followed_orders_only:
            return
        user = self.env.user
        if not user.has_group(GROUP_MERCHANDISER):
            return
        foreign = self.filtered(
            lambda r: r.order_id and r.order_id.merchandiser_id != user
        )
        if foreign:
            raise AccessError(
                _(
                    "You can record this only on the orders you follow as "
                    "merchandiser (%(orders)s is followed by someone else).",
                    orders=", ".join(foreign.order_id.mapped("name")),
                )
            )

    @api.model
    def _gendan_check_attribution_vals(self, vals_list):
        """The attribution given at creation is the order's merchandiser (or,
        without an order, the creator): refused before anything is stored."""
        field = self._gendan_attribution_field
        if not field:
            return
        for vals in vals_list:
            if not vals.get(field):
                continue
            order = self.env["sale.order"].browse(vals.get("order_id") or [])
            expected = order.sudo().merchandiser_id if order else self.env.user
            if vals[field] != expected.id:
                raise AccessError(
                    _(
                        "A record counts for the merchandiser of its order; only a "
                        "merchandising manager attributes it to someone else."
                    )
                )

    def _gendan_check_attribution(self):
        field = self._gendan_attribution_field
        if not field:
            return
        user = self.env.user
        pinned = self.filtered(
            lambda r: (
                r[field] != r.order_id.merchandiser_id
                if r.order_id
                else r[field] and r[field] != user
            )
        )
        if pinned:
            raise AccessError(
                _(
                    "%(records)s count for the merchandiser of their order; only a "
                    "merchandising manager attributes them to someone else.",
                    records=pinned._gendan_names(),
                )
            )


class GendanAttributedRecord(models.AbstractModel):
    """An order record whose KPI counts for a person: the merchandiser of the
    order, unless a manager overrides it with a reason (tracked)."""

    _name = "gendan.attributed.record"
    _inherit = "gendan.order.record"
    _description = "Attributed Record of a Followed Order"
    _gendan_attribution_field = "merchandiser_id"
    _gendan_followed_orders_only = True

    attribution_reason = fields.Char(
        string="Attribution Reason",
        tracking=True,
        help="Why a manager attributed this record to another merchandiser than "
        "the order's.",
    )

    @api.constrains("merchandiser_id", "order_id", "attribution_reason")
    def _check_attribution_reason(self):
        for record in self:
            if (
                record.order_id
                and record.merchandiser_id != record.order_id.merchandiser_id
                and not record.attribution_reason
            ):
                raise ValidationError(
                    _(
                        "%(record)s is attributed to another merchandiser than its "
                        "order's: give the reason.",
                        record=record.display_name,
                    )
                )
