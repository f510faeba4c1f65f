from . import things
from . import shelves
