"""The linear-classifier page's compute layer: a linear classifier s = Wx + b on 2-D points.

One module an idea:

- :mod:`hinge.linear.presets`: the data presets (CS231n's 9 points, blobs, XOR) and the starting W and b;
- :mod:`hinge.linear.model`: the losses, the objective, the deterministic training loop (:class:`Run`);
- :mod:`hinge.linear.training`: the page's training rules (Step, +N, Run/Pause, Reset) on its state;
- :mod:`hinge.linear.geometry`: the plane's geometry (decision regions, zero-score lines, W's arrows);
- :mod:`hinge.linear.clicks`: what a click on the plane does to the points;
- :mod:`hinge.linear.controls`: the page's controls (options, ranges, the link's spellings).
"""
