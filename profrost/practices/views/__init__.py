"""Pages of the app: practices and their expertise, the public bank, innovation projects,
documents."""
