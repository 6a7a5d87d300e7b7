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

    def _post(self, data=None, **kwargs):
        url = self._url(self.survey.id, self.survey.access_token)
        return self.url_open(url, data=data, **kwargs)

    def _assert_refused(self, response, before, message=None):
        """A 400 page with the message, the survey still pending, nothing
        saved, no traceback."""
        self.assertEqual(response.status_code, 400)
        self.assertIn("alert-danger", response.text, "no error shown")
        if message:
            self.assertIn(message, response.text)
        self.assertNotIn("Traceback", response.text)
        self.assertNotIn("Thank you for your answer", response.text)
        self.assertIn('name="product_quality"', response.text, "the form is shown")
        self.assertEqual(self._state(), before, "the bad answer was saved")

    def test_bad_answers_with_a_valid_token(self):
        before = self._state()
        csrf = self._csrf()
        bad_answers = [
            {"product_quality": "9", "service_quality": "5", "communication": "5"},
            {"product_quality": "0", "service_quality": "5", "communication": "5"},
            {"product_quality": "abc", "service_quality": "5", "communication": "5"},
            {"product_quality": "5", "service_quality": "", "communication": "5"},
            {"product_quality": "-3", "service_quality": "5", "communication": "5"},
            {"product_quality": "4.5", "service_quality": "5", "communication": "5"},
            {"product_quality": "1e1", "service_quality": "5", "communication": "5"},
            {
                "product_quality": "5" * 5000,
                "service_quality": "5",
                "communication": "5",
            },
            {"service_quality": "5", "communication": "5"},
        ]
        for answer in bad_answers:
            with self.subTest(answer=str(answer)[:80]):
                response = self._post({"csrf_token": csrf, **answer})
                self._assert_refused(response, before, "rated from 1 to 5")
        _logger.info("public page bad answers: %s cases", len(bad_answers))

    def test_bad_comments_with_a_valid_token(self):
        before = self._state()
        csrf = self._csrf()
        scores = {"product_quality": "5", "service_quality": "4", "communication": "4"}
        cases = {
            "NUL character": ("Good\x00service", "NUL character"),
            "only NUL": ("\x00", "NUL character"),
            "1 MB comment": ("x" * (1024 * 1024), "characters long"),
        }
        for name, (comment, message) in cases.items():
            with self.subTest(case=name):
                response = self._post(
                    {"csrf_token": csrf, **scores, "comment": comment}
                )
                self._assert_refused(response, before, message)

    def test_invalid_utf8_with_a_valid_token(self):
        before = self._state()
        csrf = self._csrf()
        form = "application/x-www-form-urlencoded"
        scores = {
            "product_quality": b"5",
            "service_quality": b"5",
            "communication": b"5",
        }

        def body(**values):
            fields = dict(scores, **values)
            return f"csrf_token={csrf}&".encode() + b"&".join(
                name.encode() + b"=" + value for name, value in fields.items()
            )

        bodies = {
            "percent-encoded comment": body(comment=b"caf%E9+%FF%FE"),
            "raw bytes comment": body(comment=b"caf\xe9\xff"),
            "percent-encoded score": body(product_quality=b"%FF"),
            "overlong NUL": body(comment=b"%C0%80"),
        }
        for name, data in bodies.items():
            with self.subTest(case=name):
                response = self._post(data, headers={"Content-Type": form})
                self.assertNotEqual(response.status_code, 500)
                self._assert_refused(response, before)

    def test_wrong_types_with_a_valid_token(self):
        before = self._state()
        csrf = self._csrf()
        scores = [("product_quality", "5"), ("service_quality", "4")]
        cases = {
            "a list of scores": [
                *scores,
                ("communication", "4"),
                ("communication", "5"),
            ],
            "a list of comments": [
                *scores,
                ("communication", "4"),
                ("comment", "one"),
                ("comment", "two"),
            ],
            "a score in the query string too": [*scores, ("communication", "4")],
        }
        for name, fields in cases.items():
            with self.subTest(case=name):
                url = self._url(self.survey.id, self.survey.access_token)
                if name == "a score in the query string too":
                    url += "&communication=1"
                response = self.url_open(url, data=[("csrf_token", csrf), *fields])
                self._assert_refused(response, before, "single answer")
        # a file where a text is expected
        with self.subTest(case="a file as comment"):
            response = self._post(
                {"csrf_token": csrf, **dict(scores), "communication": "4"},
                files={"comment": ("comment.txt", b"hello", "text/plain")},
            )
            self._assert_refused(response, before, "single answer")

    def test_good_answer_after_bad_ones(self):
        """A refused answer leaves the survey open: the customer answers again."""
        csrf = self._csrf()
        scores = {"product_quality": "5", "service_quality": "4", "communication": "3"}
        response = self._post({"csrf_token": csrf, **scores, "comment": "a\x00b"})
        self.assertEqual(response.status_code, 400)
        response = self._post({"csrf_token": csrf, **scores, "comment": "Fine"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thank you for your answer", response.text)
        self.survey.invalidate_recordset()
        self.assertEqual(self.survey.state, "done")
        self.assertEqual(self.survey.comment, "Fine")
        self.assertEqual(self.other.state, "pending")
