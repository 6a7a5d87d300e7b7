import logging
import re

from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

_logger = logging.getLogger(__name__)

MALFORMED_TOKENS = [
    "",
    "nope",
    "0",
    "00000000-0000-0000-0000-000000000000",
    "' OR '1'='1",
    "%00",
    "x" * 4096,
    "令牌",
    "<script>alert(1)</script>",
]


@tagged("post_install", "-at_install", "gendan_browser")
class TestPublicBadInput(HttpCase):
    """Malformed tokens and answers on the public survey page: refused, nothing
    revealed, nothing saved."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        merchandiser = mail_new_test_user(
            cls.env,
            login="gendan_public_merch",
            groups="gendan_tracking.group_merchandiser",
        )
        product = cls.env["product.product"].create(
            {"name": "Public Mug", "type": "consu", "list_price": 10.0}
        )
        cls.surveys = cls.env["gendan.satisfaction"]
        for name in ("Token Buyer Ltd", "Other Buyer Ltd"):
            partner = cls.env["res.partner"].create({"name": name})
            order = cls.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "merchandiser_id": merchandiser.id,
                    "order_line": [
                        (0, 0, {"product_id": product.id, "product_uom_qty": 1})
                    ],
                }
            )
            survey = cls.env["gendan.satisfaction"].create(
                {"order_id": order.id, "source": "email"}
            )
            survey._portal_ensure_token()
            cls.surveys |= survey
        cls.survey, cls.other = cls.surveys

    def _url(self, survey_id, token):
        return f"/gendan/survey/{survey_id}?access_token={token}"

    def _state(self):
        self.surveys.invalidate_recordset()
        return self.surveys.read(
            ["state", "product_quality", "service_quality", "communication", "comment"]
        )

    def _csrf(self):
        response = self.url_open(self._url(self.survey.id, self.survey.access_token))
        self.assertEqual(response.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def test_malformed_tokens(self):
        before = self._state()
        csrf = self._csrf()
        answers = {
            "csrf_token": csrf,
            "product_quality": "5",
            "service_quality": "5",
            "communication": "5",
            "comment": "forged",
        }
        cases = 0
        urls = [self._url(self.survey.id, token) for token in MALFORMED_TOKENS]
        # another survey's token, and no token at all
        urls += [
            self._url(self.survey.id, self.other.access_token),
            f"/gendan/survey/{self.survey.id}",
            self._url(self.survey.id + 100000, self.survey.access_token),
        ]
        for url in urls:
            for data in (None, answers):
                with self.subTest(url=url[:80], post=bool(data)):
                    response = self.url_open(url, data=data)
                    self.assertEqual(response.status_code, 404)
                    self.assertNotIn(self.survey.order_id.name, response.text)
                    self.assertNotIn(self.other.order_id.name, response.text)
                cases += 1
        # ids that are not numbers never reach the controller
        for url in ("/gendan/survey/abc", "/gendan/survey/-1", "/gendan/survey/1.5"):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 404)
            cases += 1
        self.assertEqual(self._state(), before, "a malformed token saved something")
        _logger.info("public page malformed tokens: %s cases", cases)

    def test_bad_answers_with_a_valid_token(self):
        before = self._state()
        csrf = self._csrf()
        url = self._url(self.survey.id, self.survey.access_token)
        bad_answers = [
            {"product_quality": "9", "service_quality": "5", "communication": "5"},
            {"product_quality": "0", "service_quality": "5", "communication": "5"},
            {"product_quality": "abc", "service_quality": "5", "communication": "5"},
            {"product_quality": "5", "service_quality": "", "communication": "5"},
            {"product_quality": "-3", "service_quality": "5", "communication": "5"},
        ]
        for answer in bad_answers:
            with self.subTest(answer=answer):
                response = self.url_open(url, data={"csrf_token": csrf, **answer})
                self.assertEqual(response.status_code, 200)
                self.assertEqual(self._state(), before, "the bad answer was saved")
                self.assertIn("alert-danger", response.text, "no error shown")
                self.assertNotIn("Thank you for your answer", response.text)
        _logger.info("public page bad answers: %s cases", len(bad_answers))
