from . import models


def _x_reader_post_init(env):
    env["x.thing"].create({"code": "HOOK"})
