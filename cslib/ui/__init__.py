"""Streamlit widgets and page plumbing (the only cslib part that imports streamlit).

Flat modules are the kit every page and tab shares: session (database sessions, the signed-in
actor), nav (the page list and its guard), signin, writes (one way to run a write: flash
messages, conflicts and Reload), md (escaping user text for Markdown), record_table (the
grid), filter_builder, health_badge, bench_pages (the benchmark's page runs).

One package per tab or area, importing each other only through their `__init__`:
overview, lists (the one list page and its view menu), record (panel and page), boards
(Projects and Revenue: the board component, moves, the conversion strip), tasks and
alerts (Actions), schedule, settings, health (Settings › Health scores).
"""
