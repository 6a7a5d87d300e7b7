from . import planner
from . import lang
