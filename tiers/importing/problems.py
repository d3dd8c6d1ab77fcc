"""What an import refuses, in words: the file as a whole, or a row the database refused."""


class FileProblem(ValueError):
    """The file as a whole cannot be imported; the message says why, in words."""


class RowProblem(ValueError):
    """A row that the database refused; the message names the row."""
