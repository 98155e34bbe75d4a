"""unittest.suite (re-exported)."""
from unittest import BaseTestSuite, TestSuite, _ErrorHolder
