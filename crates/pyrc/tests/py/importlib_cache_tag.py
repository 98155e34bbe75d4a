# expect: known-bug "pyrc reads and writes no bytecode caches: sys.implementation.cache_tag is None, so CPython's importlib compiles every module from source and cache_from_source raises NotImplementedError"
import sys
import importlib.util

print(sys.implementation.cache_tag)
print(importlib.util.cache_from_source("/somewhere/module.py"))
