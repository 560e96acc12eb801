"""One base error for everything tradefacts raises on purpose."""


class TradefactsError(Exception):
    """Base of all tradefacts errors; the CLI prints it as one line and exits non-zero."""


class InputError(TradefactsError):
    """An article or dump that cannot be read."""


class RuleFileError(TradefactsError):
    """A file in rules/ that is missing or malformed."""


class ModelError(TradefactsError):
    """No usable spaCy model is installed."""
