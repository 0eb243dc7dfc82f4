"""The demo practices: documents, practices, reviews, innovation projects."""
