"""What a supplier does on the vendor portal (``/my/purchase/<id>``) for a
purchase order serving followed orders.

The public methods (``gendan_portal_*``) run as the portal user: they check
that the caller is a contact of the vendor (or an internal user who may write
the purchase order), validate what was typed, and hand it to the event
pipeline (``sale.order._gendan_emit_records(event, self, payload)``). The
bookkeeping happens there, as the system, in the ``_gendan_on_*`` record
handlers below, and the chatter names the supplier's contact.
"""

from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

from ..tools import dates
from ..tools.lang import reader_env
from .gendan_milestone import OPEN_STATES

# system parameter: the largest file a supplier may attach on the portal (MB)
UPLOAD_LIMIT_PARAM = "gendan_tracking.portal_upload_max_mb"
UPLOAD_LIMIT_DEFAULT_MB = 10
UPLOAD_MAX_FILES = 10
PRODUCTION_RULES = ("production_started", "production_finished")


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    # ------------------------------------------------------------------
    # What the supplier sees
    # ------------------------------------------------------------------

    def _gendan_portal_orders(self):
        """The followed sale orders (confirmed, with a merchandiser) this
        purchase serves: only these give it a follow-up on the portal."""
        self.ensure_one()
        return self.sudo().gendan_sale_order_ids.filtered(
            lambda o: o.state == "sale" and o.merchandiser_id
        )

    def _gendan_supplier_milestones(self, orders=None):
        """The milestones the vendor owns: those of the role Supplier of the
        followed orders this purchase serves (not skipped)."""
        self.ensure_one()
        orders = self._gendan_portal_orders() if orders is None else orders
        if not orders:
            return self.env["gendan.milestone"].sudo()
        return (
            self.env["gendan.milestone"]
            .sudo()
            .search(
                [
                    ("order_id", "in", orders.ids),
                    ("responsible_role", "=", "supplier"),
                    ("state", "!=", "skipped"),
                ],
                order="planned_date, sequence, id",
            )
        )

    @api.model
    def _gendan_upload_limit_mb(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(UPLOAD_LIMIT_PARAM, UPLOAD_LIMIT_DEFAULT_MB)
        )
        try:
            return max(float(value), 0.0)
        except (TypeError, ValueError):
            return float(UPLOAD_LIMIT_DEFAULT_MB)

    def _gendan_portal_followup_values(self):
        """What the Follow-up section of the portal page shows, read as the
        system: dates and steps only. Never the customer (unless the company
        allows it), the sale prices, the margins, other suppliers or the
        merchandisers' notes. ``{}`` when the purchase serves no followed order.
        A constant number of queries, whatever the number of milestones."""
        self.ensure_one()
        purchase = self.sudo()
        orders = purchase._gendan_portal_orders()
        if not orders:
            return {}
        logs = (
            self.env["gendan.expedite.log"]
            .sudo()
            .search(
                [("purchase_id", "=", purchase.id), ("new_promised_date", "!=", False)],
                order="date desc, id desc",
            )
        )
        milestones = purchase._gendan_supplier_milestones(orders)
        inspections = (
            self.env["qc.inspection"]
            .sudo()
            .search([("purchase_id", "=", purchase.id)], order="date desc, id desc")
        )
        company = purchase.company_id
        return {
            "required_date": purchase.required_date,
            "promised_date": purchase.supplier_promised_date,
            "first_promised_date": purchase.supplier_first_promised_date,
            "is_late": purchase.is_supply_late,
            "confirmed": purchase.supplier_confirmed,
            "confirmed_date": purchase.supplier_confirmed_date,
            "confirmed_by": purchase.supplier_confirmed_by_id.name,
            "history": [
                {
                    "date": log.date,
                    "previous": log.previous_promised_date,
                    "promised": log.new_promised_date,
                    # the supplier's own words; the merchandiser's call notes
                    # stay internal
                    "note": log.note if log.channel == "portal" else False,
                    "by_supplier": log.channel == "portal",
                }
                for log in logs
            ],
            "milestones": milestones,
            "open_milestones": milestones.filtered(lambda m: m.state in OPEN_STATES),
            "inspections": inspections,
            "customers": (
                sorted(set(orders.partner_id.commercial_partner_id.mapped("name")))
                if company.gendan_portal_show_customer
                else []
            ),
            "today": dates.company_today(company),
            "max_upload_mb": purchase._gendan_upload_limit_mb(),
        }

    # ------------------------------------------------------------------
    # What the supplier does (public: the caller's rights are checked)
    # ------------------------------------------------------------------

    def _gendan_portal_check(self):
        """The caller may act for the vendor on this purchase: a contact of
        the vendor who can read it (Odoo's portal rule), or an internal user
        who may write it. It must serve a followed order."""
        self.ensure_one()
        if not self.exists():
            raise AccessError(_("This purchase order does not exist any more."))
        user = self.env.user
        if user._is_internal():
            self.check_access("write")
        else:
            self.check_access("read")
            if (
                user.partner_id.commercial_partner_id
                != self.sudo().partner_id.commercial_partner_id
            ):
                raise AccessError(_("This purchase order is not yours."))
        if self.sudo().state not in ("purchase", "done") or not (
            self._gendan_portal_orders()
        ):
            raise UserError(
                _("This purchase order has no follow-up to update on the portal.")
            )

    def _gendan_portal_date(self, value, label):
        """``value`` (a date or ``YYYY-MM-DD``) as a date, with a clear error
        when it is missing, not a date, outside 1900–2199 or before the order
        date."""
        if not value:
            raise UserError(_("Give the %(label)s.", label=label))
        try:
            day = fields.Date.to_date(value)
        except ValueError:
            day = None
        if not day:
            raise UserError(
                _("%(value)s is not a date (%(label)s).", value=value, label=label)
            )
        dates.check_date_range(self.env, [{"date": day}], ("date",))
        order_day = self.sudo().date_order and self.sudo().date_order.date()
        if order_day and day < order_day:
            raise ValidationError(
                _(
                    "The %(label)s %(date)s cannot be before the date of purchase "
                    "order %(order)s (%(order_date)s).",
                    label=label,
                    date=format_date(self.env, day),
                    order=self.sudo().name,
                    order_date=format_date(self.env, order_day),
                )
            )
        return day

    def _gendan_portal_files(self, files):
        """``files``: ``[(name, content bytes)]``; refused when too many or
        one is larger than the limit (system parameter
        ``gendan_tracking.portal_upload_max_mb``, 10 MB by default)."""
        files = [(name, content) for name, content in files or () if content]
        if len(files) > UPLOAD_MAX_FILES:
            raise UserError(
                _("Attach at most %(count)s files at a time.", count=UPLOAD_MAX_FILES)
            )
        limit_mb = self._gendan_upload_limit_mb()
        for name, content in files:
            if len(content) > limit_mb * 1024 * 1024:
                raise UserError(
                    _(
                        "The file %(name)s is larger than %(limit)s MB.",
                        name=name,
                        limit="%g" % limit_mb,
                    )
                )
        return files

    def gendan_portal_acknowledge(self):
        """The supplier acknowledges the purchase order."""
        self._gendan_portal_check()
        return self._gendan_portal_emit("supplier_acknowledged", {})

    def gendan_portal_promise(self, promised_date, note):
        """The supplier promises delivery on ``promised_date``, and says why
        in ``note`` (required)."""
        self._gendan_portal_check()
        day = self._gendan_portal_date(promised_date, _("promised date"))
        note = (note or "").strip()
        if not note:
            raise UserError(_("Say in a note why the delivery date changes."))
        return self._gendan_portal_emit(
            "supplier_promise", {"promised_date": day, "note": note}
        )

    def gendan_portal_progress(
        self, milestone_id, actual_date=None, progress_percent=None, note=None, files=()
    ):
        """The supplier reports on a milestone they own: done on
        ``actual_date``, or ``progress_percent`` done; ``files`` (``[(name,
        bytes)]``) go to the purchase order's chatter. A step done after its
        planned date needs a ``note``."""
        self._gendan_portal_check()
        try:
            milestone_id = int(milestone_id)
        except (TypeError, ValueError):
            milestone_id = 0
        milestone = self._gendan_supplier_milestones().filtered(
            lambda m: m.id == milestone_id and m.state in OPEN_STATES
        )
        if not milestone:
            raise UserError(_("This step is not one of yours to update."))
        note = (note or "").strip()
        values = {"milestone_id": milestone.id, "note": note}
        if actual_date:
            day = self._gendan_portal_date(actual_date, _("date done"))
            if day > dates.company_today(self.sudo().company_id):
                raise UserError(_("A step cannot be done in the future."))
            if milestone.planned_date and day > milestone.planned_date and not note:
                raise UserError(
                    _(
                        "%(step)s was planned for %(date)s: say in a note why it is "
                        "done later.",
                        step=milestone.name,
                        date=format_date(self.env, milestone.planned_date),
                    )
                )
            values["actual_date"] = day
        elif progress_percent not in (None, ""):
            try:
                percent = int(progress_percent)
            except (TypeError, ValueError):
                percent = -1
            if not 0 <= percent <= 100:
                raise UserError(_("The progress is a number from 0 to 100."))
            values["progress_percent"] = percent
        else:
            raise UserError(_("Give the date the step was done, or its progress."))
        values["files"] = self._gendan_portal_files(files)
        return self._gendan_portal_emit("supplier_progress", values)

    def gendan_portal_inspection_request(self, ready_date, note=None):
        """The supplier asks for a pre-shipment inspection of goods ready on
        ``ready_date``."""
        self._gendan_portal_check()
        day = self._gendan_portal_date(ready_date, _("ready date"))
        if day < dates.company_today(self.sudo().company_id):
            raise UserError(
                _("The goods cannot be ready in the past: give a date from today.")
            )
        return self._gendan_portal_emit(
            "inspection_requested", {"ready_date": day, "note": (note or "").strip()}
        )

    def _gendan_portal_emit(self, event, payload):
        payload = dict(payload, user_id=self.env.user.id)
        self.env["sale.order"]._gendan_emit_records(event, self, payload=payload)
        return True

    # ------------------------------------------------------------------
    # Record handlers of the event pipeline (as the system)
    # ------------------------------------------------------------------

    def _gendan_portal_author(self, payload):
        return self.env["res.users"].browse(payload.get("user_id")) or self.env.user

    def _gendan_portal_note(self, payload, body, subtype_xmlid="mail.mt_note", **kw):
        author = self._gendan_portal_author(payload)
        return self.message_post(
            body=body,
            author_id=author.partner_id.id,
            message_type="comment",
            subtype_xmlid=subtype_xmlid,
            **kw,
        )

    def _gendan_on_supplier_acknowledged(self, payload):
        author = self._gendan_portal_author(payload)
        self.write(
            {
                "supplier_confirmed": True,
                "supplier_confirmed_date": dates.company_today(self.company_id),
                "supplier_confirmed_by_id": author.partner_id.id,
            }
        )
        self._gendan_portal_note(
            payload,
            _(
                "%(contact)s acknowledged the purchase order on the portal.",
                contact=author.partner_id.name,
            ),
        )

    def _gendan_on_supplier_promise(self, payload):
        author = self._gendan_portal_author(payload)
        previous = self.supplier_promised_date
        # the expediting log entry moves the promise, the lines' expected
        # arrival (_gendan_promise_to_date_planned) and the next follow-up
        self.env["gendan.expedite.log"].create(
            {
                "purchase_id": self.id,
                "date": dates.company_today(self.company_id),
                "contact": author.partner_id.name,
                "channel": "portal",
                "note": payload["note"],
                "new_promised_date": payload["promised_date"],
                "user_id": author.id,
            }
        )
        self._gendan_portal_note(
            payload,
            Markup("<p>%s</p><p>%s</p>")
            % (
                _(
                    "%(contact)s promised delivery on %(new)s (before: %(old)s) on "
                    "the portal.",
                    contact=author.partner_id.name,
                    new=format_date(self.env, payload["promised_date"]),
                    old=format_date(self.env, previous) if previous else "-",
                ),
                payload["note"],
            ),
        )
        if self.is_supply_late:
            self._gendan_schedule_late_promise_activity(author)

    def _gendan_schedule_late_promise_activity(self, author):
        """The merchandiser is asked to act on a promise later than the date
        the order's plan needs the goods, in their language."""
        user = self.merchandiser_id or self.user_id
        if not user:
            return
        env = reader_env(self, user)
        summary = env._("Supplier promise later than required")
        note = env._(
            "%(contact)s promised %(promised)s on the portal; the order needs the "
            "goods on %(required)s.",
            contact=author.partner_id.name,
            promised=format_date(env, self.supplier_promised_date),
            required=format_date(env, self.required_date),
        )
        today = dates.company_today(self.company_id)
        warning = self.env.ref("mail.mail_activity_data_warning")
        pending = self.activity_ids.filtered(
            lambda a: (
                a.activity_type_id == warning
                and a.user_id == user
                and a.summary == summary
            )
        )
        if pending:
            # one activity to act on, telling the latest promise
            pending[:1].write({"note": note, "date_deadline": today})
            return
        self.activity_schedule(
            "mail.mail_activity_data_warning",
            user_id=user.id,
            date_deadline=today,
            summary=summary,
            note=note,
        )

    def _gendan_on_supplier_progress(self, payload):
        author = self._gendan_portal_author(payload)
        milestone = self.env["gendan.milestone"].browse(payload["milestone_id"])
        note = payload.get("note")
        if "actual_date" in payload:
            values = {
                "state": "done",
                "actual_date": payload["actual_date"],
                "progress_percent": 100,
            }
            if (
                milestone.planned_date
                and payload["actual_date"] > milestone.planned_date
            ):
                values.update(delay_reason="supplier", delay_note=note)
            text = _(
                "%(contact)s reported %(step)s done on %(date)s.",
                contact=author.partner_id.name,
                step=milestone.name,
                date=format_date(self.env, payload["actual_date"]),
            )
        else:
            percent = payload["progress_percent"]
            values = {"progress_percent": percent}
            if percent and milestone.state == "pending":
                values["state"] = "in_progress"
            text = _(
                "%(contact)s reported %(step)s at %(percent)s%%.",
                contact=author.partner_id.name,
                step=milestone.name,
                percent=percent,
            )
        milestone.write(values)
        milestone.message_post(
            body=text, subtype_xmlid="mail.mt_note", author_id=author.partner_id.id
        )
        body = Markup("<p>%s</p>") % text
        if note:
            body += Markup("<p>%s</p>") % note
        # the supplier's report and photos, in the chatter they read too
        self._gendan_portal_note(
            payload,
            body,
            subtype_xmlid="mail.mt_comment",
            attachments=[(name, content) for name, content in payload.get("files", ())],
        )
        if milestone.state == "done" and milestone.auto_rule in PRODUCTION_RULES:
            # other steps waiting for the same event (and the stage) follow
            self.env["sale.order"]._gendan_emit(
                milestone.auto_rule,
                self._gendan_portal_orders(),
                date=milestone.actual_date,
                record=self,
            )

    def _gendan_on_inspection_requested(self, payload):
        author = self._gendan_portal_author(payload)
        company = self.company_id
        ready = payload["ready_date"]
        # midday of the ready day in the company's timezone
        planned = dates.utc_start(company, ready) + timedelta(hours=12)
        Inspection = self.env["qc.inspection"]
        for order in self._gendan_portal_orders():
            quality_user = company.gendan_quality_user_id or order.merchandiser_id
            inspection = Inspection.create(
                {
                    "state": "plan",
                    "date": planned,
                    "sale_order_id": order.id,
                    "purchase_id": self.id,
                    "inspection_stage": "pre_shipment",
                    "company_id": company.id,
                    "user": quality_user.id,
                    "external_notes": payload.get("note") or False,
                }
            )
            env = reader_env(self, quality_user)
            inspection.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=quality_user.id,
                date_deadline=ready,
                summary=env._(
                    "Pre-shipment inspection requested for %(purchase)s",
                    purchase=self.name,
                ),
                note=env._(
                    "%(contact)s (%(vendor)s) asks for a pre-shipment inspection of "
                    "%(purchase)s for %(order)s: the goods are ready on %(date)s.",
                    contact=author.partner_id.name,
                    vendor=self.partner_id.name,
                    purchase=self.name,
                    order=order.name,
                    date=format_date(env, ready),
                ),
            )
        self._gendan_portal_note(
            payload,
            _(
                "%(contact)s requested a pre-shipment inspection on the portal: the "
                "goods are ready on %(date)s.",
                contact=author.partner_id.name,
                date=format_date(self.env, ready),
            ),
        )
