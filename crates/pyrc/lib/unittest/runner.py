"""unittest.runner (re-exported)."""
from unittest import TextTestResult, TextTestRunner, _WritelnDecorator
