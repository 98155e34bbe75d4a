"""pyrc's `sysconfig`: pyrc is not built by CPython's configure, so there are
no build configuration variables (kept: CPython's `sysconfig.py` imports the
`_sysconfigdata_*` module of the CPython build, which describes that build, not pyrc)."""

import sys

_CONFIG_VARS = {}


def get_config_vars(*args):
    """The (empty) dict of build variables; with names, a list of their values."""
    if args:
        return [_CONFIG_VARS.get(name) for name in args]
    return _CONFIG_VARS


def get_config_var(name):
    return _CONFIG_VARS.get(name)


def get_platform():
    return sys.platform


def get_python_version():
    return '%d.%d' % (sys.version_info[0], sys.version_info[1])


def is_python_build(check_home=False):
    return False


def get_scheme_names():
    return ()


def get_path_names():
    return ()


def get_paths(scheme=None, vars=None, expand=True):
    return {}


def get_path(name, scheme=None, vars=None, expand=True):
    return None
