from . import test_install
from . import test_tour
from . import test_risk_rules
from . import test_documents
from . import test_contract
from . import test_complaint
from . import test_progress_report
from . import test_portal_progress
