import os
import sys

# the fixture file of the repository (clients/python), as a project would put it on its path
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'clients', 'python'))
pytest_plugins = ['odoo_emulator_fixture']
