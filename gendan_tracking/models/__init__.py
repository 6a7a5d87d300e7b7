from . import res_company
from . import res_config_settings
from . import gendan_milestone_template
from . import gendan_milestone
from . import sale_order
