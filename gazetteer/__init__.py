"""Incident Atlas core: read Arabic articles, place and tag incidents, merge reports."""
