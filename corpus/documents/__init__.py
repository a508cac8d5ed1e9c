"""One parser per document shape. Each takes the document's text and its file name."""
