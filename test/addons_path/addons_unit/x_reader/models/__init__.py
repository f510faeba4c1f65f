from . import things
