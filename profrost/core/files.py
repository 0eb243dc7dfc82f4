"""What a document that a person attaches may be: office documents, PDF, pictures and archives.
Each app sets its own size limit; the kinds are the same everywhere."""

DOCUMENT_EXTENSIONS = (
    "pdf",
    "doc",
    "docx",
    "odt",
    "rtf",
    "txt",
    "xls",
    "xlsx",
    "ods",
    "ppt",
    "pptx",
    "odp",
    "jpg",
    "jpeg",
    "png",
    "zip",
)
