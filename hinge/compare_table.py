r"""The cross-entropy page's examples table: its cells, how an edit is checked, how it lives in the link.

The table is what the user edits: rows of score cells (numbers, or text as typed) and a
correct class each. :class:`Table` holds it as the editor had it; :func:`check_examples`
keeps its good rows (:class:`Examples`) and says what is wrong with the others. The rules
for where a table comes from (the link, the last visit, the note) and how it is resized are
plain functions here, so that the page only draws it.
"""

from dataclasses import dataclass, replace

from hinge import note
from hinge.params import MAX_ROWS, check_table, format_rows, parse_int_list, parse_rows


@dataclass(frozen=True)
class Table:
    """The table as the editor holds it: `rows` of cells (numbers, text, None) and a label cell each."""

    rows: list  # (N, C) cells
    labels: list  # (N,) class indices, or whatever the label cell holds

    @property
    def n_classes(self):
        return len(self.rows[0])

    def resized(self, n_classes):
        """The table with `n_classes` score columns: what was typed kept, new cells 0, bad labels 0.

        >>> Table([[1, "2"], [3, None]], [1, None]).resized(3)
        Table(rows=[[1, '2', 0.0], [3, None, 0.0]], labels=[1, 0])
        >>> Table([[1, 2, 3]], [2]).resized(2)
        Table(rows=[[1, 2]], labels=[0])
        """
        rows = [(list(r) + [0.0] * n_classes)[:n_classes] for r in self.rows]
        labels = [
            lab if isinstance(lab, int | float) and lab == lab and 0 <= lab < n_classes else 0
            for lab in self.labels
        ]
        return Table(rows, labels)

    def columns(self, class_names):
        """The editor's data, column by column: score cells as text, the correct class by name."""
        names = list(class_names[: self.n_classes])
        data = {name: [cell_text(r[j]) for r in self.rows] for j, name in enumerate(names)}
        data["correct class"] = [label_cell(lab, names) for lab in self.labels]
        return data

    @classmethod
    def from_columns(cls, data, class_names):
        """The inverse of :meth:`columns`: the table an edited editor returned.

        >>> data = Table([[1, "2e3"]], [1]).columns(note.CLASS_NAMES)
        >>> data, Table.from_columns(data, note.CLASS_NAMES)
        ({'cat': ['1'], 'car': ['2e3'], 'correct class': ['car']}, Table(rows=[['1', '2e3']], labels=[1]))
        """
        names = list(class_names[: len(data) - 1])  # a column per class, then the correct class
        rows = [[data[name][i] for name in names] for i in range(len(data["correct class"]))]
        return cls(rows, [label_index(cell, names) for cell in data["correct class"]])


NOTE_TABLE = Table([list(r) for r in note.CE_ROWS], list(note.CE_LABELS))


def table_from_link(query, last=NOTE_TABLE):
    """The table a link asks for (`rows`, `labels`), else `last`: (Table, notices).

    >>> table_from_link({"rows": "1,2;3,4", "labels": "1,0"})
    (Table(rows=[[1.0, 2.0], [3.0, 4.0]], labels=[1, 0]), [])
    >>> table, notices = table_from_link({"labels": "1"})
    >>> table == NOTE_TABLE, notices
    (True, ['`labels` is only read together with `rows`: ignored.'])
    """
    rows, why = parse_rows(query.get("rows"), None)
    if rows is None and why is None and "labels" in query:
        why = "`labels` is only read together with `rows`: ignored."
    if rows is None:
        return last, [why] if why else []
    labels, why_labels = parse_int_list(
        query.get("labels"), [0] * len(rows), lo=0, hi=len(rows[0]) - 1, length=len(rows)
    )
    return Table(rows, labels), [why_labels] if why_labels else []


@dataclass(frozen=True)
class TableState:
    """What the page keeps of its table between runs; the rules below change it, the page stores it."""

    base: Table = NOTE_TABLE  # what the editor starts from: its edits are on top of it
    edited: Table = NOTE_TABLE  # the editor's table in the last run, as typed
    last: Table = NOTE_TABLE  # the last good rows: where a visit without rows in its link starts
    replaced: bool = False  # the base was just replaced (by a button): the next run is no new visit


def visit(state, query, *, drawn):
    """A run starts: (state, new visit?, notices). A new visit (the editor not drawn yet, its base not
    just replaced) starts from the link's table, else the last visit's: the link decides.

    >>> state, new, notices = visit(TableState(), {"rows": "1,2"}, drawn=False)
    >>> new, state.base, notices
    (True, Table(rows=[[1.0, 2.0]], labels=[0]), [])
    >>> visit(replace_base(state, NOTE_TABLE), {"rows": "1,2"}, drawn=False)[0].base == NOTE_TABLE
    True
    """
    if state.replaced or drawn:
        return replace(state, replaced=False), False, []
    base, notices = table_from_link(query, state.last)
    return replace(state, base=base), True, notices


def replace_base(state, table):
    """A new table to edit (the note's rows, or a resized table): the editor's edits are to go."""
    return replace(state, base=table, replaced=True)


def record_edits(state, table):
    """The editor's table of this run, for a resize in the next one."""
    return replace(state, edited=table)


def record_good_rows(state, examples):
    """The good rows of this run: where the next visit starts if its link has no rows."""
    return replace(state, last=examples.table())


def resize(state, n_classes):
    """The table as typed, with `n_classes` score columns, as the new base (see :meth:`Table.resized`)."""
    return replace_base(state, state.edited.resized(n_classes))


@dataclass(frozen=True)
class Examples:
    """The examples table after checking: good rows, their labels and where they came from."""

    scores: list  # good rows only
    labels: list
    table_rows: list  # for each good row, its 1-based row number in the table
    messages: list  # one per bad row (Markdown, user text escaped)

    def row(self, table_row):
        """(scores, label) of the good row numbered `table_row` in the table."""
        i = self.table_rows.index(table_row)
        return self.scores[i], self.labels[i]

    def table(self):
        """The good rows as a :class:`Table`, to start from on the next visit."""
        return Table(self.scores, self.labels)

    def link(self):
        """The link's `rows` and `labels` for these rows; {} for the note's own, which need none.

        >>> Examples([[1.0, 2.5]], [1], [1], []).link()
        {'rows': '1,2.5', 'labels': '1'}
        >>> NOTE_TABLE.rows == check_examples(NOTE_TABLE, 3, class_names=note.CLASS_NAMES).scores
        True
        """
        if self.table() == NOTE_TABLE:
            return {}
        return {"rows": format_rows(self.scores), "labels": ",".join(map(str, self.labels))}


def check_examples(table, n_classes, *, class_names, max_rows=MAX_ROWS):
    """Check an edited examples table: a :class:`Table`, or a list of rows [s_0, ..., s_{C-1}, label].

    Bad rows are reported (one message each) and left out; the others are kept.

    Parameters
    ----------
    table : Table, or list of N lists of C + 1 cells
    n_classes : int
        C.
    class_names : sequence of str
        At least C names, for the messages.
    max_rows : int
        Rows past this many are left out, with a message.

    Returns
    -------
    Examples

    Examples
    --------
    >>> checked = check_examples([[1, "2", 1], [3, "x", 0]], 2, class_names=note.CLASS_NAMES)
    >>> checked.scores, checked.labels, checked.table_rows, checked.messages
    ([[1.0, 2.0]], [1], [1], ["Row 2, car is not a number ('x')."])
    """
    if isinstance(table, Table):
        table = [[*r, lab] for r, lab in zip(table.rows, table.labels, strict=True)]
    columns = [*class_names[:n_classes], "correct class"]
    scores, labels, table_rows, messages = [], [], [], []
    if len(table) > max_rows:
        messages.append(f"The table has {len(table)} rows; only the first {max_rows} are used.")
        table = table[:max_rows]
    checked = check_table(table, columns=columns, label_column=n_classes, n_classes=n_classes)
    for i, (values, why) in enumerate(checked, 1):
        if why is not None:
            messages.append(why)
            continue
        scores.append(values[:n_classes])
        labels.append(values[n_classes])
        table_rows.append(i)
    return Examples(scores=scores, labels=labels, table_rows=table_rows, messages=messages)


def cell_text(value):
    """What a score cell of the examples table shows: the shortest exact form of a number.

    Cells hold text, read back by :func:`check_examples`: a number cell of the table widget
    drops the "e" of 1e3 as it is typed (1e3 became 13), text keeps what was typed. Text a
    user typed (or an empty cell) is shown as it is.

    >>> cell_text(10.0), cell_text(0.1), cell_text(-1e-7), cell_text("1e3"), cell_text(None)
    ('10', '0.1', '-1e-07', '1e3', None)
    """
    if value is None or isinstance(value, str):
        return value
    return format_rows([[value]])


def label_cell(label, class_names):
    """The correct class's cell: its name for a class index, else the cell as it is (None for empty).

    >>> label_cell(2, ["cat", "car", "frog"]), label_cell(7, ["cat", "car", "frog"])
    ('frog', None)
    """
    if isinstance(label, int | float) and label == label and 0 <= label < len(class_names):
        return class_names[int(label)]
    return None


def label_index(cell, class_names):
    """The inverse of :func:`label_cell`: a class index from its name; other cells as they are.

    >>> label_index("frog", ["cat", "car", "frog"]), label_index(None, ["cat", "car", "frog"])
    (2, None)
    """
    return list(class_names).index(cell) if cell in class_names else cell
