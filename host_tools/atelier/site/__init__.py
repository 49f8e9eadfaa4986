"""The lesson library as a static website (atelier site build): pages, pictures, downloads."""
