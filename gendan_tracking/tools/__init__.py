from . import planner
from . import lang
from . import dates
from . import activities
from . import notify
