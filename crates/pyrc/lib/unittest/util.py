"""unittest.util: a few helpers (re-exported)."""
from unittest import _safe_repr as safe_repr, _strclass as strclass
