"""The only exceptions vanban raises: input that cannot be read. Everything else is a warning."""


class UnreadableDocument(Exception):
    """The file cannot be read as a document. The message says why, in plain words."""


class NeedsOcr(UnreadableDocument):
    """The file is a scan with no usable text layer and OCR is not available."""


class MissingTool(UnreadableDocument):
    """A program needed to read this format is not installed; the message names it."""
