"""Generator-related types, kept apart from `types` (see there)."""


def _gen():
    yield 1


GeneratorType = type(_gen())
