"""An import result described in words: one line per problem, "row N, column: message"."""

from django.core.exceptions import NON_FIELD_ERRORS

from .problems import FileProblem, RowProblem


def _sentence(message) -> str:
    return str(message).rstrip(".")


def describe(result) -> list[str]:
    """Every problem of an import, the file's first, then the rows' in row order."""
    columns = getattr(result, "columns", {})
    lines = []
    for error in result.base_errors:
        if isinstance(error.error, FileProblem | RowProblem):
            lines.append(str(error.error))
        else:
            lines.append(f"The import failed: {_sentence(error.error)}.")
    problems = []
    for number, errors in result.row_errors():
        for error in errors:
            problems.append((number, f"row {number}: {_sentence(error.error)}"))
    for row in result.invalid_rows:
        for field, messages in row.error_dict.items():
            where = f"row {row.number}"
            if field != NON_FIELD_ERRORS:
                where += f", {columns.get(field, field.replace('_', ' '))}"
            for message in messages:
                problems.append((row.number, f"{where}: {_sentence(message)}"))
    problems.sort(key=lambda item: item[0])
    # A translated text is checked as its field and as its English column, both one column.
    return lines + list(dict.fromkeys(line for _number, line in problems))
