"""Fast pure tests; a package so that their names may repeat those of the end-to-end tests (test_versions)."""
