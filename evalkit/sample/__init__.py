"""The bundled sample mentorship program that ``evalkit run`` renders by default.

``evalkit.sample.generator`` builds the program from a seed and writes one CSV
file per table into ``evalkit/sample/data``; the files are package data, so the
sample can be rendered without running the generator.
"""
