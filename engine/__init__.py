"""synthcomp's engine: everything that works, and nothing that draws a screen."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("synthcomp")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
