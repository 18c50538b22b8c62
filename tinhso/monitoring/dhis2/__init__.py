"""DHIS2's own interfaces, following DHIS2 rather than house conventions."""
