"""Pages of programs: the catalogue and cohorts (`catalogue`), enrolments and post-course support
(`enrollments`), training requests (`requests`) and the import from the registry of ДПП
(`imports`)."""
