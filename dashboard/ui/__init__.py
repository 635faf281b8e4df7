"""The Streamlit UI parts the pages draw.

Sidebar and filters, map panel, table, review, briefing header and timeline. Pages read
widgets, call the library and draw; the work is in the library.
"""
