"""Incident Atlas storage, command line and Streamlit dashboard."""
