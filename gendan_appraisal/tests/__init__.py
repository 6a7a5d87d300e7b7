from . import test_scoring
from . import test_indicators_orders
from . import test_workflow
from . import test_bad_input
from . import test_cron
from . import test_survey_portal
from . import test_reports
from . import test_annual
