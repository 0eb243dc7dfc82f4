"""The demo programs: the catalogue, cohorts, enrolments and training requests."""
