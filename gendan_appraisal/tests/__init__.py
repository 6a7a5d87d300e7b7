from . import test_scoring
from . import test_indicators_orders
from . import test_workflow
from . import test_bad_input
from . import test_cron
