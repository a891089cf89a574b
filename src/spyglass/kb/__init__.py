"""A knowledge base on disk: its folders, finding and statting files, the strict YAML loader, parsing, KnowledgeBase."""
