"""tradefacts: trade news articles in, structured and checked facts out."""
__version__ = "0.1.0"
