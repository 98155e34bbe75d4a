"""unittest.result (re-exported)."""
from unittest import TestResult
