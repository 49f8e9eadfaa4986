# An empty module: _sim_v1 fills a copy of it with what a module of the micro:bit V1 has.
