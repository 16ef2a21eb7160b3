#!/usr/bin/python3
"""Trains the small MNIST CNN that the TorchScript tests probe, and exports it with torchscript_export.

    /usr/bin/python3 scripts/torchscript-fixture.py datasets/mnist src/test/resources/torchscript/mnist-cnn.pt

Beside it, batch-mixing.pt: a module whose probe_points returns a state without the batch axis (a
mean over the batch), which torchscript_export refuses to write and layerprobe must refuse to probe.

Reads MNIST from the IDX files layerprobe fetches (train_data, train_labels, test_data,
test_labels), trains 2 epochs from seed 0 on 2 threads, prints the test accuracy on all 10,000
test images and records it in the sidecar, where the tests compare layerprobe's own measurement
of the model with it. Needs Debian's python3-torch (1.13); CI does not, the files are committed.
"""

import os
import sys

import json
from typing import Dict

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mnist_idx  # noqa: E402
from torchscript_export import export  # noqa: E402

MEAN, STD = 0.1307, 0.3081


def idx(path):
    """Images as float32 (count, 1, rows, cols) in [0, 1], labels as int64."""
    values = torch.from_numpy(mnist_idx.read(path).copy())
    return values.unsqueeze(1).float() / 255.0 if values.dim() == 3 else values


class SmallCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.act1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(6, 12, 5)
        self.act2 = nn.ReLU(inplace=True)
        self.pool2 = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(12 * 4 * 4, 32)
        self.act3 = nn.ReLU()
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x):
        x = self.pool1(self.act1(self.conv1(x)))
        x = self.pool2(self.act2(self.conv2(x)))
        return self.fc2(self.act3(self.fc1(self.flatten(x))))


class BatchMixing(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(28 * 28, 10)

    def forward(self, x):
        return self.fc(torch.flatten(x, 1))

    @torch.jit.export
    def probe_points(self, x: torch.Tensor) -> Dict[str, torch.Tensor]:
        return {"input": x, "mixed": x.mean(0), "logits": self.fc(torch.flatten(x, 1))}


def batch_mixing(out_dir):
    torch.manual_seed(0)
    path = os.path.join(out_dir, "batch-mixing.pt")
    torch.jit.script(BatchMixing().eval()).save(path)
    sidecar = {"format": "layerprobe-torchscript", "format_version": 1, "name": "batch-mixing",
               "method": "probe_points", "input_shape": [1, 28, 28],
               "normalisation": {"mean": [MEAN], "std": [STD]}, "classes": 10,
               "points": ["input", "mixed", "logits"]}
    with open(os.path.join(out_dir, "batch-mixing.json"), "w") as f:
        json.dump(sidecar, f, indent=2)
        f.write("\n")
    print(f"wrote {path}")


def main(data_dir, out):
    torch.manual_seed(0)
    torch.set_num_threads(2)
    train_x = (idx(os.path.join(data_dir, "train_data")) - MEAN) / STD
    train_y = idx(os.path.join(data_dir, "train_labels"))
    test_x = (idx(os.path.join(data_dir, "test_data")) - MEAN) / STD
    test_y = idx(os.path.join(data_dir, "test_labels"))
    model = SmallCnn()
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(2):
        model.train()
        order = torch.randperm(len(train_y))
        for start in range(0, len(order), 64):
            batch = order[start:start + 64]
            optimiser.zero_grad()
            loss = nn.functional.cross_entropy(model(train_x[batch]), train_y[batch])
            loss.backward()
            optimiser.step()
        print(f"epoch {epoch + 1}: last batch loss {loss.item():.4f}")
    model.eval()
    with torch.no_grad():
        correct = sum(int((model(test_x[i:i + 1000]).argmax(1) == test_y[i:i + 1000]).sum())
                      for i in range(0, len(test_y), 1000))
    accuracy = correct / len(test_y)
    print(f"test accuracy on all {len(test_y)} test images: {accuracy:.4f} ({correct} correct)")
    sidecar = export(model, out, input_shape=(1, 28, 28), mean=[MEAN], std=[STD], classes=10,
                     points=["conv1", "act1", "pool1", "conv2", "act2", "pool2", "fc1", "act3"],
                     extra={"dataset": "mnist", "test_accuracy": accuracy, "test_correct": correct,
                            "script": "scripts/torchscript-fixture.py"})
    print(f"wrote {out} and {sidecar}")
    batch_mixing(os.path.dirname(out))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
