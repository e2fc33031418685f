"""Pathways between professional titles and vocational skill levels ("the overpass")."""
