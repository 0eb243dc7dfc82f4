"""Pages of routes: the list, building, a route's page and flow (`routes`); the items and
checkpoints (`items`)."""
