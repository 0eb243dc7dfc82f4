"""The demo mentoring: programmes, pairs and their meetings."""
