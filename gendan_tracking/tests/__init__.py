from . import test_install
from . import test_tour
from . import test_purchase_link
from . import test_purchase_followup
from . import test_quality
from . import test_logistics
from . import test_packing_list
from . import test_supply_tour
