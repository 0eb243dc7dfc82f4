"""The one import mechanism: every importer (organizations, staff, programs, diagnostic results)
reads its file, plans every row and writes in one transaction through this package.

- `cells`: what a cell means (text, date, yes/no, list, code);
- `reading`: the file into rows, within the bounds of core/spreadsheets.py;
- `layout`: where the header is and which sheets hold the data;
- `columns`: which declared column each header stands for, and what the preview asks;
- `mapping`: the user's answers, and the column mappings remembered for their scope;
- `names`: one «ФИО» column split into surname, name and patronymic;
- `references`: values of reference lists, synonyms and the closest candidates;
- `plan`: columns, rows, planned rows and the summary a batch keeps;
- `base`: the importer: the plan of every row, one transaction;
- `template`: the XLSX template with its instruction sheet;
- `batches`: upload → preview → answers → confirm, as the pages drive it;
- `background`: the Celery tasks that check and write a large file;
- `storage`: the batch's kept plan and file, its writing and failure, and how long a file is
  kept.
"""

from profrost.core.import_bounds import ImportFileError

from .base import Importer
from .batches import (
    answer_import,
    answer_refusal,
    check_import,
    confirm_import,
    confirm_refusal,
    preview_import,
    read_upload,
)
from .cells import (
    EMPTY,
    CellError,
    clean_text,
    digits,
    from_excel_serial,
    header_key,
    match_key,
    parse_bool,
    parse_date,
    parse_list,
)
from .layout import RowNumber, Table, read_table
from .names import FULL_NAME, NAME_PARTS, PERSON_NAME_COLUMNS, split_full_name
from .plan import (
    ACTIONS,
    CREATE,
    SHOWN_ROWS,
    SHOWN_VALUE,
    UNCHANGED,
    UPDATE,
    Change,
    ImportColumn,
    ImportPlan,
    PlannedRow,
    Row,
    RowError,
    comparable,
    display,
    place_text,
)
from .reading import INSTRUCTION_SHEET
from .storage import expire, is_abandoned, purge_abandoned_imports
from .template import DATE_FORMAT, TEXT_FORMAT, general_rules

__all__ = [
    "answer_import",
    "answer_refusal",
    "ACTIONS",
    "CREATE",
    "DATE_FORMAT",
    "EMPTY",
    "FULL_NAME",
    "PERSON_NAME_COLUMNS",
    "INSTRUCTION_SHEET",
    "NAME_PARTS",
    "SHOWN_ROWS",
    "SHOWN_VALUE",
    "TEXT_FORMAT",
    "UNCHANGED",
    "UPDATE",
    "CellError",
    "Change",
    "ImportColumn",
    "ImportFileError",
    "ImportPlan",
    "Importer",
    "PlannedRow",
    "Row",
    "RowError",
    "RowNumber",
    "Table",
    "check_import",
    "clean_text",
    "comparable",
    "confirm_import",
    "confirm_refusal",
    "digits",
    "display",
    "expire",
    "from_excel_serial",
    "general_rules",
    "header_key",
    "is_abandoned",
    "match_key",
    "parse_bool",
    "parse_date",
    "parse_list",
    "place_text",
    "preview_import",
    "purge_abandoned_imports",
    "read_table",
    "read_upload",
    "split_full_name",
]
