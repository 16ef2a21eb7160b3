"""Export a PyTorch model for `layerprobe probe --torchscript`.

layerprobe probes the hidden states of a network trained in PyTorch without re-implementing it:
this helper wraps any `nn.Module` so that, besides its ordinary `forward`, it has a method
`probe_points(x) -> Dict[str, Tensor]` returning the input, the output of each named submodule
and the logits, traces both methods into one TorchScript file and writes a sidecar JSON that
states what layerprobe must check before probing (input shape, normalisation, class count, the
points in forward order).

Usage (standard PyTorch only, any version DJL's PyTorch 2.7 can load, 1.13 included):

    import torch
    from torchscript_export import export

    model = MyCnn()                       # trained, any nn.Module returning logits (B, classes)
    model.load_state_dict(torch.load("my-cnn.pth"))
    export(model, "models/my-cnn.pt",
           input_shape=(1, 28, 28),        # one sample, channels x height x width
           mean=[0.1307], std=[0.3081],    # what the model expects: (pixel in [0, 1] - mean) / std
           classes=10,
           points=None)                   # None: every leaf module; or ["conv1", "act1", "pool1", ...]

    ./layerprobe probe --torchscript models/my-cnn.pt --dataset mnist

The sidecar is written beside the model with the same stem (`models/my-cnn.json`).

Why tracing with forward hooks: hooks see every submodule's output without editing the model's
code, and a traced method keeps exactly the arithmetic the eager model ran. The traced file is
checked against the eager model on a batch of another size before it is written, so a model whose
forward bakes in its batch size (x.view(64, -1)) is refused here rather than in Java.
"""

import json
import os
from typing import Dict, List, Optional, Sequence

import torch
from torch import nn

SIDECAR_FORMAT = "layerprobe-torchscript"
SIDECAR_VERSION = 1
METHOD = "probe_points"


class _ProbePoints(nn.Module):
    """The model with a second method that returns its hidden states by name."""

    def __init__(self, model: nn.Module, names: Sequence[str]):
        super().__init__()
        self.model = model
        self.names = list(names)
        self.fired: List[str] = []

    def forward(self, x):
        return self.model(x)

    def probe_points(self, x):
        modules = dict(self.model.named_modules())
        states: Dict[str, torch.Tensor] = {}
        self.fired = []

        def recorder(name):
            def hook(_module, _inputs, output):
                if not isinstance(output, torch.Tensor):
                    raise TypeError(
                        f"submodule '{name}' returns {type(output).__name__}, not a tensor; "
                        "name submodules whose output is one tensor")
                if name not in states:
                    self.fired.append(name)
                # A copy: a later in-place step (nn.ReLU(inplace=True)) would otherwise rewrite
                # this state into the next one. A module called twice keeps its first output.
                states.setdefault(name, output.clone())
            return hook

        handles = [modules[n].register_forward_hook(recorder(n)) for n in self.names]
        try:
            logits = self.model(x)
        finally:
            for h in handles:
                h.remove()
        missing = [n for n in self.names if n not in states]
        if missing:
            raise ValueError(f"submodules {missing} never ran in forward; leave them out of points")
        out = {"input": x}
        for n in self.fired:
            out[n] = states[n]
        out["logits"] = logits
        return out


def leaf_modules(model: nn.Module) -> List[str]:
    """Every submodule without children, in registration order."""
    return [n for n, m in model.named_modules() if n and not list(m.children())]


def export(model: nn.Module,
           path: str,
           input_shape: Sequence[int],
           mean: Sequence[float],
           std: Sequence[float],
           classes: int,
           points: Optional[Sequence[str]] = None,
           name: Optional[str] = None,
           extra: Optional[dict] = None) -> str:
    """Traces `model` with its `probe_points` method into `path` and writes the sidecar.

    `mean` and `std` hold one value per input channel: layerprobe hands the model
    (pixel - mean) / std for pixels in [0, 1], so give [0.0] and [1.0] for a model that takes
    raw [0, 1] pixels. `extra` is copied into the sidecar (for example the test accuracy the
    model reached, the dataset it was trained on): layerprobe prints it, never trusts it.
    Returns the sidecar's path.
    """
    if not path.endswith(".pt"):
        raise ValueError(f"{path}: name the TorchScript file *.pt (the sidecar takes the stem with .json)")
    channels = int(input_shape[0])
    if len(mean) != channels or len(std) != channels:
        raise ValueError(f"mean and std need one value per channel ({channels}), got {list(mean)} and {list(std)}")
    if any(s <= 0 for s in std):
        raise ValueError(f"std must be positive, got {list(std)}")
    names = list(points) if points is not None else leaf_modules(model)
    known = dict(model.named_modules())
    unknown = [n for n in names if n not in known or n == ""]
    if unknown:
        raise ValueError(f"no submodules named {unknown}; this model has {[n for n in known if n]}")
    reserved = [n for n in names if n in ("input", "logits")]
    if reserved:
        raise ValueError(f"submodule names {reserved} clash with layerprobe's own points input and logits")

    model = model.eval()
    wrapper = _ProbePoints(model, names).eval()
    generator = torch.Generator().manual_seed(0)
    example = torch.randn((2, *input_shape), generator=generator)
    with torch.no_grad():
        eager = wrapper.probe_points(example)
        order = list(wrapper.fired)
        traced = torch.jit.trace_module(
            wrapper, {"forward": example, METHOD: example}, strict=False, check_trace=False)
        check = torch.randn((3, *input_shape), generator=generator)
        want = wrapper.probe_points(check)
        got = traced.probe_points(check)
    if eager["logits"].dim() != 2 or eager["logits"].shape[1] != classes:
        raise ValueError(f"the model's output has shape {tuple(eager['logits'].shape)}; expected (batch, {classes})")
    for key, value in want.items():
        if value.dim() < 1 or value.shape[0] != 3:
            raise ValueError(f"state '{key}' has shape {tuple(value.shape)} for a batch of 3; layerprobe probes one"
                             " row per image, so every state needs the batch on its first axis")

        if key not in got or got[key].shape != value.shape or not torch.allclose(got[key], value, atol=1e-5):
            raise ValueError(f"the traced '{key}' differs from the model's on a batch of 3; "
                             "does forward fix the batch size (x.view(64, -1))? use torch.flatten(x, 1)")
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    traced.save(path)
    sidecar = {
        "format": SIDECAR_FORMAT,
        "format_version": SIDECAR_VERSION,
        "name": name or os.path.splitext(os.path.basename(path))[0],
        "method": METHOD,
        "input_shape": [int(s) for s in input_shape],
        "normalisation": {"mean": [float(m) for m in mean], "std": [float(s) for s in std]},
        "classes": int(classes),
        "points": ["input"] + order + ["logits"],
        "torch_version": torch.__version__,
    }
    if extra:
        sidecar["recorded"] = extra
    sidecar_path = os.path.splitext(path)[0] + ".json"
    with open(sidecar_path, "w") as f:
        json.dump(sidecar, f, indent=2)
        f.write("\n")
    return sidecar_path
