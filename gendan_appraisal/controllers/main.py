from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

QUESTIONS = ("product_quality", "service_quality", "communication")
ANSWER_FIELDS = (*QUESTIONS, "comment")
# What the form parser puts in place of bytes that are not UTF-8.
REPLACEMENT_CHARACTER = "\ufffd"


class GendanSatisfactionPortal(CustomerPortal):
    def _gendan_survey(self, survey_id, access_token):
        try:
            return self._document_check_access(
                "gendan.satisfaction", survey_id, access_token=access_token
            )
        except (AccessError, MissingError, TypeError, ValueError):
            # TypeError: a token with non-ASCII characters cannot even be compared
            pass
        # a logged-in customer reaches the surveys of their company without
        # the link of the e-mail
        user = request.env.user
        if not access_token and not user._is_public():
            survey = (
                request.env["gendan.satisfaction"].sudo().browse(survey_id).exists()
            )
            commercial = user.partner_id.commercial_partner_id
            if survey and survey.partner_id.commercial_partner_id == commercial:
                return survey
        return None

    @http.route(
        "/gendan/survey/<int:survey_id>",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
    )
    def gendan_survey(self, survey_id, access_token=None, **post):
        survey = self._gendan_survey(survey_id, access_token)
        if survey is None:
            raise request.not_found()
        values = {"survey": survey, "access_token": access_token, "error": False}
        status = 200
        if request.httprequest.method == "POST" and survey.state == "pending":
            # a refused answer leaves nothing behind: the savepoint drops the
            # write and the cache, so the page shows the survey still pending
            try:
                with request.env.cr.savepoint():
                    survey._submit_answer(self._gendan_survey_answer())
            except (UserError, ValidationError) as error:
                values["error"] = error.args[0]
                status = 400
        return request.render(
            "gendan_appraisal.portal_gendan_satisfaction", values, status=status
        )

    def _gendan_survey_answer(self):
        """The answers posted to the survey page, one value per question;
        a malformed request raises a ValidationError (a 400 page)."""
        httprequest = request.httprequest
        answer = {}
        for name in ANSWER_FIELDS:
            posted = httprequest.args.getlist(name) + httprequest.form.getlist(name)
            if httprequest.files.getlist(name) or len(posted) > 1:
                raise ValidationError(
                    request.env._("Each question takes a single answer.")
                )
            value = posted[0] if posted else None
            if value and REPLACEMENT_CHARACTER in value:
                raise ValidationError(
                    request.env._(
                        "Your answer could not be read: it is not valid UTF-8 text."
                    )
                )
            answer[name] = value
        return answer
