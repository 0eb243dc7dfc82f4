"""The demo methodical network: associations, plans, events and participation."""
