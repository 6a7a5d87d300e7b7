from . import test_install
from . import test_tour
from . import test_order_report
from . import test_milestone_report
from . import test_xlsx_exports
