# The sys attributes CPython's Lib reads at import (argparse, pickle, ast, inspect, site...).
import os
import sys

print(sys.prefix == sys.base_prefix == sys.exec_prefix == sys.base_exec_prefix)
print(os.path.isdir(os.path.join(sys.prefix, "lib", "python3.11")), sys.platlibdir)
print(os.path.isabs(sys.executable), sys.byteorder, sys.maxunicode, sys.float_repr_style)
print(sys.flags.optimize, sys.flags.dont_write_bytecode, sys.flags.utf8_mode, sys.flags.debug)
print(sys.float_info.max, sys.float_info.epsilon, sys.float_info.dig, sys.float_info.mant_dig, sys.float_info.max_10_exp)
print(sys.getdefaultencoding(), sys.getfilesystemencoding(), sys.getfilesystemencodeerrors())
print(sys.intern("abc") == "abc", type(sys.builtin_module_names).__name__, "sys" in sys.builtin_module_names)
print(sys.warnoptions, sys._xoptions, sys.abiflags, sys.pycache_prefix, isinstance(sys.meta_path, list))
try:
    sys.intern(1)
except TypeError as e:
    print("TypeError", e)
import argparse
print(argparse.ArgumentParser.__name__)
