"""The web UI (`newsgraph serve`): app.py builds the FastAPI app (`create_app(db_path)`), routes.py
answers each page as HTML and as JSON, views.py builds each page's data from the store, svg.py draws
the charts, the timeline, the network and the map."""
