"""The knowledge base as a static website: pages, templates, assets, and a preview server."""
