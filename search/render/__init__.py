"""Presentation: results as terminal text (text.py, terminal.py) and as one HTML page (html.py).
Library code: no click and no printing. May import every library part of renkei.search; never cli."""
