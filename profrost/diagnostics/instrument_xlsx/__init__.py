"""An instrument as an XLSX file and back.

Sheet «Инструмент» has two columns, «Поле» and «Значение»: Название, Вид, Дефицит ниже, %,
Сформирована от, %, Описание, Инструкция для участника, Должности, Предметы (names from the
reference lists, separated by «;»).

Sheet «Вопросы» is flat: one row per question, then one row per answer option of that question.

| column         | question row                                  | option row            |
|----------------|-----------------------------------------------|-----------------------|
| №              | number of the question (informative)          | empty                 |
| Вид            | Один вариант, Несколько вариантов, Шкала      | «вариант»             |
|                | (самооценка), Число, Свободный ответ          |                       |
| Текст          | the question                                  | the option            |
| Пояснение      | hint under the question                       | —                     |
| Баллы          | points for a right number (Число)             | points of the option  |
| Компетенции    | «MET.01:1; PSY.02:2» — code and weight        | —                     |
| Шкала от, до   | bounds of a scale                             | —                     |
| Подписи        | «начало | конец» of a scale                   | —                     |
| Обратная шкала | да/нет                                        | —                     |
| Верный ответ   | the right number (Число)                      | —                     |
| Допуск         | allowed deviation from it                     | —                     |

Reading checks every row first; the file makes a new draft instrument only when no row has an
error, so a file is taken whole or not at all.
"""

from .layout import SheetError
from .reading import import_instrument, read_instrument
from .writing import export_instrument, guide_lines, template_xlsx, write_instrument

__all__ = [
    "SheetError",
    "export_instrument",
    "guide_lines",
    "import_instrument",
    "read_instrument",
    "template_xlsx",
    "write_instrument",
]
