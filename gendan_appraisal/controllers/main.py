from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

QUESTIONS = ("product_quality", "service_quality", "communication")


class GendanSatisfactionPortal(CustomerPortal):
    def _gendan_survey(self, survey_id, access_token):
        try:
            return self._document_check_access(
                "gendan.satisfaction", survey_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return None

    @http.route(
        "/gendan/survey/<int:survey_id>",
        type="http",
        auth="public",
        website=False,
        methods=["GET", "POST"],
    )
    def gendan_survey(self, survey_id, access_token=None, **post):
        survey = self._gendan_survey(survey_id, access_token)
        if survey is None:
            raise request.not_found()
        values = {"survey": survey, "access_token": access_token, "error": False}
        if request.httprequest.method == "POST" and survey.state == "pending":
            try:
                survey._submit_answer(
                    {name: post.get(name) for name in (*QUESTIONS, "comment")}
                )
            except (UserError, ValueError) as error:
                values["error"] = str(error)
            except Exception as error:  # ValidationError and bad ints
                request.env.cr.rollback()
                values["error"] = str(error)
        return request.render("gendan_appraisal.portal_gendan_satisfaction", values)
