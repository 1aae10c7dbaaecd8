"""Datasets from gameplay video (issue #10, DESIGN.md "Datasets"): MGOA-style HDF5 shards.

- `schema`   — the one owner of the shard format: writer, lazy reader, validator
- `sources`  — readers in a registry: `ours`, `vpt` (OpenAI contractor data), `video` (raw mp4)
- `decode`, `goals`, `stages` — the build stages as plain, resumable functions
- `jobs`     — the job layer (in-process or Ray); the only module here that imports ray
- `dataset`  — a torch `Dataset` of (frame window, goal text, action); imports torch
- `inspect`  — stats, validation over a folder, contact sheet and goal timeline PNGs
- `label`    — IDM labelling of raw-video episodes (`openha data label`)
- `generate` — an agent plays tasks × seeds, successful episodes become shards (`openha data generate`)
- `export`   — WebDataset tar shards (`openha data export --format webdataset`)

Importing this package is light: submodules load h5py, opencv, ray and torch only when used.
"""
