"""vanban: catalogue Vietnamese plans and directives, and the documents they implement."""

from vanban.errors import MissingTool, NeedsOcr, UnreadableDocument
from vanban.extract.pipeline import extract_file, extract_text

__all__ = ["MissingTool", "NeedsOcr", "UnreadableDocument", "extract_file", "extract_text"]
__version__ = "0.1.0"
