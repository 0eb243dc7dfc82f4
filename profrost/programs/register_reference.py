"""The classifiers of the federal register of documents on education (ФИС ФРДО) shipped with the
product, as public descriptions of the «Шаблон ДПО» give them (docs/frdo.md says how to check
them against the current template). Administrators edit them in the admin.

Migration 0006 loads a frozen copy of them (0006_register_classifiers.json);
tests/programs/test_register_data.py keeps the two equal.
"""

# (the register's value, the product's document kind it stands for)
DOCUMENT_KINDS = [
    ("Удостоверение о повышении квалификации", "certificate"),
    ("Диплом о профессиональной переподготовке", "diploma"),
]

# (the register's value, the programs' forms of study it stands for)
STUDY_FORMS = [
    ("Очная", "full_time"),
    ("Очно-заочная", "mixed"),
    ("Заочная", "part_time,distance"),
]

FUNDING_SOURCES = [
    "За счет бюджетных ассигнований федерального бюджета",
    "За счет бюджетных ассигнований бюджетов субъектов Российской Федерации",
    "За счет бюджетных ассигнований местных бюджетов",
    "По договорам об оказании платных образовательных услуг",
]
