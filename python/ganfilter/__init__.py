"""ganfilter: raise the share of usable images a generative model produces.

    import ganfilter, numpy as np
    table = ganfilter.features(masks, set="all")            # masks: N x H x W array (or a list of PNG paths)
    accepted, p = ganfilter.MaskFilter("model.json").decide(masks)
    accepted, score = ganfilter.ReferenceFilter(real_masks).decide(masks)   # without labels: against real masks
    keep = ganfilter.Prefilter("prefilter.json").screen(z, group="18_24m")
    z_new = ganfilter.Prefilter("prefilter.json").sample(1000, group="18_24m", seed=0)
    picks = ganfilter.suggest_labels(masks, 25, reference=real_masks, page="label/")   # which 25 to label first
    model = ganfilter.MaskFilter.train(masks, ganfilter.read_labels("labels.csv", masks), "model.json", reference=real_masks)
    ganfilter.run(["pipeline", "--help"])                   # any command

Every result is in the input's order. Errors are raised as `ganfilter.Error`, carrying the tool's message and
exit status; what the tool notes about a call that went through (masks or a reference drawn inverted, masks of a
size the model never learned from, too few reference masks) is issued as a `ganfilter.Note` warning. The `ganfilter` command on the PATH is the same binary.
"""
from importlib import metadata as _metadata

from ._api import Error, MaskFilter, Note, Prefilter, ReferenceFilter, executable, features, read_labels, run, suggest_labels

try:
    __version__ = _metadata.version("ganfilter")
except _metadata.PackageNotFoundError:  # imported from the source tree
    __version__ = "unknown"
__all__ = ["Error", "MaskFilter", "Note", "Prefilter", "ReferenceFilter", "executable", "features", "read_labels", "run",
           "suggest_labels", "__version__"]
