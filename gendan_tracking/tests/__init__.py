from . import test_install
from . import test_tour
from . import test_risk_rules
