from . import gendan_order_report
from . import gendan_milestone_report
from . import gendan_analysis_dashboard
from . import gendan_register_xlsx
from . import gendan_otif_xlsx
from . import gendan_cost_summary
from . import gendan_supplier_promise_report
