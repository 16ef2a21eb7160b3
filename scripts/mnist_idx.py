"""Reads the IDX files layerprobe fetches (train_data, train_labels, ...) with numpy, for the scripts here."""

import struct

import numpy as np


def read(path):
    """Images as uint8 (count, rows, cols), labels as int64 (count,)."""
    with open(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(count, rows, cols)
    if magic == 2049:
        return np.frombuffer(data, dtype=np.uint8, offset=8).astype(np.int64)
    raise ValueError(f"{path}: not an IDX image or label file (magic {magic})")
